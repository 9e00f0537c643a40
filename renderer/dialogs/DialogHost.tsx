// Mounts the open dialog, if any.
import { useDialogStore } from '../store/dialogs.ts';
import { AgentChannelWizard } from '../wizards/AgentChannelWizard.tsx';
import { AttachDiskWizard } from '../wizards/AttachDiskWizard.tsx';
import { CdromWizard } from '../wizards/CdromWizard.tsx';
import { CreateVolumeWizard } from '../wizards/CreateVolumeWizard.tsx';
import { DetachDiskWizard } from '../wizards/DetachDiskWizard.tsx';
import { GrowFsWizard } from '../wizards/GrowFsWizard.tsx';
import { GuestMountWizard } from '../wizards/GuestMountWizard.tsx';
import { GuestUmountWizard } from '../wizards/GuestUmountWizard.tsx';
import { HostMountWizard } from '../wizards/HostMountWizard.tsx';
import { HostUmountWizard } from '../wizards/HostUmountWizard.tsx';
import { IoLimitsWizard } from '../wizards/IoLimitsWizard.tsx';
import { ResizeDiskWizard } from '../wizards/ResizeDiskWizard.tsx';
import { XmlDiffDialog } from '../wizards/XmlDiffDialog.tsx';
import { AddHostDialog } from './AddHostDialog.tsx';
import { AlertRulesDialog } from './AlertRulesDialog.tsx';
import { CredentialsDialog } from './CredentialsDialog.tsx';
import { RemoveHostDialog } from './RemoveHostDialog.tsx';

export function DialogHost() {
  const dialog = useDialogStore((s) => s.dialog);
  const close = useDialogStore((s) => s.close);
  switch (dialog.kind) {
    case 'none':
      return null;
    case 'add-host':
      return <AddHostDialog onClose={close} />;
    case 'remove-host':
      return <RemoveHostDialog host={dialog.host} onClose={close} />;
    case 'credentials':
      return <CredentialsDialog host={dialog.host} need={dialog.need} onClose={close} />;
    case 'create-volume':
      return <CreateVolumeWizard key={`${dialog.host}|${dialog.pool ?? ''}`} host={dialog.host} pool={dialog.pool} onClose={close} />;
    case 'attach-disk':
      return <AttachDiskWizard key={`${dialog.host}|${dialog.vm}`} host={dialog.host} vm={dialog.vm} onClose={close} />;
    case 'detach-disk':
      return <DetachDiskWizard key={`${dialog.host}|${dialog.vm}|${dialog.target}`} host={dialog.host} vm={dialog.vm} target={dialog.target} onClose={close} />;
    case 'resize-disk':
      return <ResizeDiskWizard key={`${dialog.host}|${dialog.vm}|${dialog.target}`} host={dialog.host} vm={dialog.vm} target={dialog.target} onClose={close} />;
    case 'grow-fs':
      return <GrowFsWizard key={`${dialog.host}|${dialog.vm}|${dialog.target}`} host={dialog.host} vm={dialog.vm} target={dialog.target} onClose={close} />;
    case 'cdrom':
      return <CdromWizard key={`${dialog.host}|${dialog.vm}`} host={dialog.host} vm={dialog.vm} target={dialog.target} onClose={close} />;
    case 'xml-diff':
      return <XmlDiffDialog key={`${dialog.host}|${dialog.vm}`} host={dialog.host} vm={dialog.vm} onClose={close} />;
    case 'io-limits':
      return <IoLimitsWizard key={`${dialog.host}|${dialog.vm}|${dialog.target}`} host={dialog.host} vm={dialog.vm} target={dialog.target} onClose={close} />;
    case 'alert-rules':
      return <AlertRulesDialog key={JSON.stringify(dialog.scope ?? null)} scope={dialog.scope} onClose={close} />;
    case 'guest-mount':
      return <GuestMountWizard key={JSON.stringify([dialog.host, dialog.vm, dialog.device ?? null, dialog.target ?? null])} host={dialog.host} vm={dialog.vm} device={dialog.device} target={dialog.target} onClose={close} />;
    case 'guest-umount':
      return <GuestUmountWizard key={JSON.stringify([dialog.host, dialog.vm, dialog.mountpoint])} host={dialog.host} vm={dialog.vm} mountpoint={dialog.mountpoint} onClose={close} />;
    case 'agent-channel':
      return <AgentChannelWizard key={JSON.stringify([dialog.host, dialog.vm])} host={dialog.host} vm={dialog.vm} onClose={close} />;
    case 'host-mount':
      return <HostMountWizard key={JSON.stringify([dialog.host, dialog.source ?? null])} host={dialog.host} source={dialog.source} onClose={close} />;
    case 'host-umount':
      return <HostUmountWizard key={JSON.stringify([dialog.host, dialog.id])} host={dialog.host} id={dialog.id} onClose={close} />;
  }
}
