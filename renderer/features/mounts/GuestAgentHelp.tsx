// What to do when a guest's filesystems cannot be read: the VM is off, it has
// no guest agent channel (what to install, the channel's XML, and a button
// that adds it through the review page), or the channel is there but the
// agent inside does not answer.
import { useTranslation } from 'react-i18next';
import { AGENT_CHANNEL_XML, type GuestBlockDevs } from '../../../shared/contract/features/mounts.ts';
import { Callout } from '../../platform/components/Callout.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { openDialog } from '../../platform/store/dialogs.ts';

const INSTALL: { os: string; cmd: string }[] = [
  { os: 'debian', cmd: 'apt install qemu-guest-agent' },
  { os: 'fedora', cmd: 'dnf install qemu-guest-agent' },
  { os: 'suse', cmd: 'zypper install qemu-guest-agent' },
  { os: 'alpine', cmd: 'apk add qemu-guest-agent' },
];
const START = 'systemctl enable --now qemu-guest-agent';
const START_ALPINE = 'rc-update add qemu-guest-agent && rc-service qemu-guest-agent start';

function InstallList() {
  const { t } = useTranslation();
  return (
    <ul className="agent-install" data-agent-install="">
      {INSTALL.map((i) => (
        <li key={i.os}>
          <span className="agent-os">{t(`mount.agent.os.${i.os}`)}</span>
          <code className="mono">{i.cmd}</code>
        </li>
      ))}
      <li>
        <span className="agent-os">{t('mount.agent.os.windows')}</span>
        <span>{t('mount.agent.windows')}</span>
      </li>
    </ul>
  );
}

function StartLine() {
  const { t } = useTranslation();
  return (
    <div className="agent-start">
      <span>{t('mount.agent.thenStart')}</span>
      <code className="mono">{START}</code>
      <span className="muted small">{t('mount.agent.alpineStart')}</span>
      <code className="mono small">{START_ALPINE}</code>
    </div>
  );
}

export function GuestAgentHelp({ host, vm, agent, compact = false }: { host: string; vm: string; agent: GuestBlockDevs['agent']; compact?: boolean }) {
  const { t } = useTranslation();
  if (agent === 'ok') return null;
  if (agent === 'not-running') {
    return (
      <Callout tone="info" icon="info" role="note" data-agent="not-running" title={t('mount.agent.notRunningTitle', { vm })}>
        <p className="callout-message">{t('mount.agent.notRunningBody')}</p>
      </Callout>
    );
  }
  if (agent === 'unresponsive') {
    return (
      <Callout tone="warning" icon="alert" role="note" data-agent="unresponsive" title={t('mount.agent.unresponsiveTitle')}>
        <p className="callout-message">{t('mount.agent.unresponsiveBody', { vm })}</p>
        {!compact && <InstallList />}
        <StartLine />
      </Callout>
    );
  }
  return (
    <Callout tone="warning" icon="alert" role="note" data-agent="missing" title={t('mount.agent.missingTitle')}>
      <p className="callout-message">{t('mount.agent.missingBody', { vm })}</p>
      <p className="callout-message">{t('mount.agent.step1')}</p>
      {!compact && (
        <pre className="stdin agent-xml" data-agent-xml="">
          {AGENT_CHANNEL_XML}
        </pre>
      )}
      <div className="button-row">
        <button type="button" className="btn primary" data-action="agent-channel" onClick={() => openDialog({ kind: 'agent-channel', host, vm })}>
          <Icon name="plus" />
          {t('mount.agent.addChannel')}
        </button>
      </div>
      <p className="callout-message agent-step">{t('mount.agent.step2')}</p>
      <InstallList />
      <StartLine />
    </Callout>
  );
}
