// Mounts the open dialog, if any.
import { useDialogStore } from '../platform/store/dialogs.ts';
import { AgentChannelWizard } from '../features/mounts/index.ts';
import { AttachDiskWizard } from '../features/disks/index.ts';
import { CdromWizard } from '../features/disks/index.ts';
import { CreateVolumeWizard } from '../features/volumes/index.ts';
import { DetachDiskWizard } from '../features/disks/index.ts';
import { GrowFsWizard } from '../features/mounts/index.ts';
import { GuestMountWizard } from '../features/mounts/index.ts';
import { GuestUmountWizard } from '../features/mounts/index.ts';
import { HostMountWizard } from '../features/mounts/index.ts';
import { HostUmountWizard } from '../features/mounts/index.ts';
import { IoLimitsWizard } from '../features/stats/index.ts';
import { ResizeDiskWizard } from '../features/disks/index.ts';
import { XmlDiffDialog } from '../platform/wizard/XmlDiffDialog.tsx';
import { AddHostDialog } from '../features/hosts/index.ts';
import { AlertRulesDialog } from '../features/stats/index.ts';
import { CredentialsDialog } from '../features/hosts/index.ts';
import { RemoveHostDialog } from '../features/hosts/index.ts';

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
