// Mounts the open dialog, if any.
import { useDialogStore } from './store/dialogs.ts';
import { AgentChannelWizard } from '../features/mounts/AgentChannelWizard.tsx';
import { AttachDiskWizard } from '../features/disks/AttachDiskWizard.tsx';
import { CdromWizard } from '../features/disks/CdromWizard.tsx';
import { CreateVolumeWizard } from '../features/volumes/CreateVolumeWizard.tsx';
import { DetachDiskWizard } from '../features/disks/DetachDiskWizard.tsx';
import { GrowFsWizard } from '../features/mounts/GrowFsWizard.tsx';
import { GuestMountWizard } from '../features/mounts/GuestMountWizard.tsx';
import { GuestUmountWizard } from '../features/mounts/GuestUmountWizard.tsx';
import { HostMountWizard } from '../features/mounts/HostMountWizard.tsx';
import { HostUmountWizard } from '../features/mounts/HostUmountWizard.tsx';
import { IoLimitsWizard } from '../features/stats/IoLimitsWizard.tsx';
import { ResizeDiskWizard } from '../features/disks/ResizeDiskWizard.tsx';
import { XmlDiffDialog } from '../platform/wizard/XmlDiffDialog.tsx';
import { AddHostDialog } from '../features/hosts/AddHostDialog.tsx';
import { AlertRulesDialog } from '../features/stats/AlertRulesDialog.tsx';
import { CredentialsDialog } from '../features/hosts/CredentialsDialog.tsx';
import { RemoveHostDialog } from '../features/hosts/RemoveHostDialog.tsx';

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
