// Add Host: local (qemu:///system, qemu:///session or a custom URI) or SSH.
// Test connection and Add both go through the backend's checks; a host never
// seen before stops at the fingerprint step, and the call is repeated with
// acceptFingerprint once the user trusts the key.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { AuthMethod } from '../../../shared/contract/models.ts';
import { api } from '../../platform/api/instance.ts';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { Callout } from '../../platform/components/Callout.tsx';
import { Checkbox, formBinding, optionsOf, Segmented, TextField } from '../../platform/components/FormFields.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { Modal } from '../../platform/components/Modal.tsx';
import { useHostsStore } from '../../platform/store/hosts.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { notify } from '../../platform/store/toasts.ts';
import { FingerprintStep, type FingerprintPrompt } from './FingerprintStep.tsx';
import { EMPTY_FORM, fieldsForError, LOCAL_URIS, nameProblemValues, toParams, validate, withChange, type FieldName, type FormErrors, type HostForm, type LocalUriChoice } from './host-form.ts';

type Action = 'test' | 'add';
type Outcome = { kind: 'tested'; uri: string; fingerprint?: string | undefined } | { kind: 'error'; error: ErrorInfo } | null;

export function AddHostDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<HostForm>(EMPTY_FORM);
  const [showErrors, setShowErrors] = useState(false);
  const [pending, setPending] = useState<Action | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [prompt, setPrompt] = useState<(FingerprintPrompt & { action: Action }) | null>(null);
  const [accepted, setAccepted] = useState<string | null>(null);
  const bodyRef = useRef<HTMLFormElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const takenNames = useHostsStore((s) => s.hosts.map((h) => h.config.name).join('\u0000'));
  const errors: FormErrors = useMemo(() => validate(form, takenNames ? takenNames.split('\u0000') : []), [form, takenNames]);
  const blamed = new Set<FieldName>(outcome?.kind === 'error' ? fieldsForError(outcome.error.code, form) : []);

  const change = (patch: Partial<HostForm>) => {
    setForm((f) => withChange(f, patch));
    // A changed address or user invalidates an earlier test and key decision.
    if ('host' in patch || 'port' in patch) setAccepted(null);
    setOutcome(null);
  };
  const err = (f: FieldName) => (showErrors ? errors[f] : undefined);
  const { field, check } = formBinding(form, change);
  const checked: FieldsProps['checked'] = (name) => ({ ...field(name), error: err(name), flagged: blamed.has(name) });
  const fieldsProps: FieldsProps = { form, field, check, checked };
  const nameError = err('name');
  const nameErrorText = nameError ? t(nameError, nameProblemValues(form.name)) : undefined;

  const run = async (action: Action, acceptFingerprint: string | null = accepted) => {
    if (Object.keys(errors).length > 0) {
      setShowErrors(true);
      // Move focus to the first field that needs attention.
      requestAnimationFrame(() => bodyRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setPending(action);
    setOutcome(null);
    const params = toParams(form, acceptFingerprint);
    const out = action === 'test' ? await api().call('hosts.test', params) : await api().call('hosts.add', params);
    setPending(null);
    if (!out.ok) {
      const fp = out.error.details?.fingerprint;
      if (out.error.code === 'HOST_KEY_UNKNOWN' && fp && fp !== acceptFingerprint) {
        const port = form.port.trim();
        setPrompt({ action, address: port === '22' ? form.host.trim() : `${form.host.trim()}:${port}`, fingerprint: fp, keyType: out.error.details?.keyType, error: out.error, mismatch: acceptFingerprint !== null });
      } else {
        setOutcome({ kind: 'error', error: out.error });
      }
      return;
    }
    if ('uri' in out.result) {
      setOutcome({ kind: 'tested', uri: out.result.uri, fingerprint: out.result.fingerprint });
      return;
    }
    const entry = out.result;
    useHostsStore.getState().upsertHost(entry);
    useSelectionStore.getState().reveal({ kind: 'host', host: entry.config.name });
    notify('toast.hostAdded', { host: entry.config.name });
    onClose();
  };

  const trust = () => {
    if (!prompt) return;
    setAccepted(prompt.fingerprint);
    setPrompt(null);
    void run(prompt.action, prompt.fingerprint);
  };

  // The result sits below a long form: bring it into view when it arrives.
  useEffect(() => {
    if (outcome) outcomeRef.current?.scrollIntoView({ block: 'nearest' });
  }, [outcome]);

  const busy = pending !== null;
  const footer = prompt ? (
    <>
      <button type="button" className="btn" onClick={() => setPrompt(null)}>
        {t('addHost.fingerprint.reject')}
      </button>
      <button type="button" className="btn primary" onClick={trust} autoFocus>
        <Icon name="key" />
        {t('addHost.fingerprint.accept')}
      </button>
    </>
  ) : (
    <>
      {busy && <Spinner label={t(pending === 'test' ? 'addHost.testing' : 'addHost.adding')} />}
      <span className="spacer" />
      <button type="button" className="btn" onClick={onClose} disabled={busy}>
        {t('common.cancel')}
      </button>
      <button type="button" className="btn" onClick={() => void run('test')} disabled={busy}>
        <Icon name="plug" />
        {t('addHost.test')}
      </button>
      <button type="button" className="btn primary" onClick={() => void run('add')} disabled={busy}>
        <Icon name="plus" />
        {t('addHost.add')}
      </button>
    </>
  );

  return (
    <Modal title={t('addHost.title')} onClose={onClose} footer={footer} className="add-host" busy={busy}>
      {prompt ? (
        <FingerprintStep prompt={prompt} />
      ) : (
        <form
          ref={bodyRef}
          className="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run('add');
          }}
          aria-busy={busy}
        >
          <Segmented
            {...field('mode')}
            label={t('addHost.connectionType')}
            options={optionsOf({ local: t('addHost.local'), ssh: t('addHost.ssh') })}
          />
          {form.mode === 'local' ? <LocalFields {...fieldsProps} /> : <SshFields {...fieldsProps} />}
          <TextField {...field('name')} label={t('addHost.name')} errorText={nameErrorText} flagged={blamed.has('name')} help={t('addHost.nameHelp')} />
          {/* Enter in a field submits (Add); the real buttons are in the footer. */}
          <button type="submit" hidden tabIndex={-1} aria-hidden="true" />
          <div ref={outcomeRef} className="outcome">
            {outcome?.kind === 'tested' && (
              <Callout tone="success" icon="check" role="status" title={t('addHost.testOk')}>
                <p className="callout-message">{t('addHost.testOkDetail', { uri: outcome.uri })}</p>
                {outcome.fingerprint && <p className="callout-hint mono">{outcome.fingerprint}</p>}
              </Callout>
            )}
            {outcome?.kind === 'error' && <ErrorCallout error={outcome.error} />}
          </div>
        </form>
      )}
    </Modal>
  );
}

type Binding = ReturnType<typeof formBinding<HostForm>>;
interface FieldsProps {
  form: HostForm;
  field: Binding['field'];
  check: Binding['check'];
  /** A text field the form's checks and the backend's refusals point at. */
  checked(name: FieldName): { name: FieldName; value: string; onChange(v: string): void; error: string | undefined; flagged: boolean };
}

function LocalFields({ form, field, check, checked }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <Segmented<LocalUriChoice>
        {...field('localUri')}
        label={t('addHost.uri')}
        options={optionsOf({ system: t('addHost.uriSystem'), session: t('addHost.uriSession'), custom: t('addHost.uriCustom') })}
      />
      {form.localUri === 'custom' ? (
        <TextField {...checked('customUri')} label={t('addHost.customUri')} placeholder="qemu:///system" mono />
      ) : (
        <p className="field-help uri-preview">
          <span className="mono">{LOCAL_URIS[form.localUri]}</span> · {t(form.localUri === 'system' ? 'addHost.uriSystemHelp' : 'addHost.uriSessionHelp')}
        </p>
      )}
      <Checkbox {...check('sudo')} label={t('addHost.sudo')} help={t('addHost.sudoLocalHelp')} />
    </>
  );
}

function SshFields({ form, field, check, checked }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <div className="form-row">
        <TextField {...checked('host')} className="grow" label={t('addHost.host')} placeholder="kvm1.example.com" mono autoFocus />
        <TextField {...checked('port')} className="port" label={t('addHost.port')} inputMode="numeric" mono />
      </div>
      <TextField {...checked('user')} label={t('addHost.user')} autoComplete="username" mono />
      <Segmented<AuthMethod>
        {...field('auth')}
        label={t('addHost.auth')}
        options={optionsOf({ agent: t('auth.agent'), key: t('auth.key'), password: t('auth.password') })}
      />
      {form.auth === 'agent' && <p className="field-help">{t('addHost.agentHelp')}</p>}
      {form.auth === 'key' && (
        <>
          <TextField {...checked('keyPath')} label={t('addHost.keyPath')} placeholder="~/.ssh/id_ed25519" mono />
          <TextField {...field('passphrase')} type="password" label={t('addHost.passphrase')} help={t('addHost.passphraseHelp')} autoComplete="off" />
        </>
      )}
      {form.auth === 'password' && (
        <TextField {...checked('password')} type="password" label={t('addHost.password')} help={t('addHost.secretHelp')} autoComplete="current-password" />
      )}
      <Checkbox {...check('sudo')} label={t('addHost.sudo')} help={t('addHost.sudoHelp')} />
      <TextField {...checked('sshUri')} label={t('addHost.remoteUri')} mono />
    </>
  );
}
