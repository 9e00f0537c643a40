// Give a VM the virtio channel the QEMU guest agent talks through: what it
// is, when it applies (now, after restarts, or both), then the review of the
// exact attach-device commands and their XML, and the job.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENT_CHANNEL_XML, agentChannelModes } from '../../../shared/contract/features/mounts.ts';
import type { ChangeMode, Operation } from '../../../shared/contract/ops.ts';
import { ModeField } from '../disks/index.ts';
import { blameAgentChannel } from './wizard-steps.ts';
import { isRunning, useDomain } from '../../platform/wizard/inventory-hooks.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';
import { VmGoneNotice } from '../../platform/wizard/WizardNotice.tsx';

export function AgentChannelWizard({ host, vm, onClose }: { host: string; vm: string; onClose(): void }) {
  const { t } = useTranslation();
  const domain = useDomain(host, vm);
  const running = isRunning(domain);
  // A transient VM has no saved configuration: only the running VM can change (the planner's rule).
  const persistent = domain?.persistent !== false;
  const allowed: ChangeMode[] = domain ? agentChannelModes(domain) : ['persistent'];
  const [chosen, setMode] = useState<ChangeMode | null>(null);
  const mode = chosen && allowed.includes(chosen) ? chosen : (allowed[0] ?? 'persistent');
  const frame = { title: t('mount.channel.title', { vm }), onClose };
  if (!domain) return <VmGoneNotice {...frame} vm={vm} />;
  const operation: Operation = { kind: 'guest.agentChannel', host, request: { domain: vm, mode } };
  return (
    <Wizard
      {...frame}
      operation={operation}
      blame={blameAgentChannel}
      scriptName={`agent-channel-${vm}`}
      steps={[
        {
          id: 'channel',
          label: t('mount.channel.step'),
          content: (
            <div className="form">
              <p className="form-intro">{t('mount.channel.intro', { vm })}</p>
              <pre className="stdin agent-xml">{AGENT_CHANNEL_XML}</pre>
              <ModeField value={mode} allowed={allowed} reason={running ? (persistent ? undefined : t('mount.channel.transientReason')) : t('wizard.mode.offReason')} onChange={setMode} />
              <p className="field-help">{t('mount.channel.afterwards')}</p>
            </div>
          ),
        },
      ]}
    />
  );
}
