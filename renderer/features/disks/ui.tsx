// The disks feature in the shell: attach, detach, resize, CD-ROM media and
// the pending-change diff; the backing chain in a disk's or volume's properties.
import { defineUiFeature, type NodeAction } from '../../platform/contributions.ts';
import { openDialog } from '../../platform/store/dialogs.ts';
import { XmlDiffDialog } from '../../platform/wizard/XmlDiffDialog.tsx';
import { AttachDiskWizard } from './AttachDiskWizard.tsx';
import { BackingChain } from './BackingChain.tsx';
import { CdromWizard } from './CdromWizard.tsx';
import { DetachDiskWizard } from './DetachDiskWizard.tsx';
import { ResizeDiskWizard } from './ResizeDiskWizard.tsx';

declare module '../../platform/store/dialogs.ts' {
  interface DialogParams {
    'attach-disk': { host: string; vm: string };
    'detach-disk': { host: string; vm: string; target: string };
    'resize-disk': { host: string; vm: string; target: string };
    /** Insert, change or eject the medium of a CD-ROM drive (`target` preselected). */
    cdrom: { host: string; vm: string; target?: string | undefined };
    /** Saved vs live XML of a running VM. */
    'xml-diff': { host: string; vm: string };
  }
}

function hasPending(p: { liveOnly: string[]; configOnly: string[]; changed: string[] } | undefined): boolean {
  return Boolean(p && p.liveOnly.length + p.configOnly.length + p.changed.length > 0);
}

export const disksUi = defineUiFeature<'attach-disk' | 'detach-disk' | 'resize-disk' | 'cdrom' | 'xml-diff'>({
  id: 'disks',
  dialogs: {
    'attach-disk': (d, close) => <AttachDiskWizard key={`${d.host}|${d.vm}`} host={d.host} vm={d.vm} onClose={close} />,
    'detach-disk': (d, close) => <DetachDiskWizard key={`${d.host}|${d.vm}|${d.target}`} host={d.host} vm={d.vm} target={d.target} onClose={close} />,
    'resize-disk': (d, close) => <ResizeDiskWizard key={`${d.host}|${d.vm}|${d.target}`} host={d.host} vm={d.vm} target={d.target} onClose={close} />,
    cdrom: (d, close) => <CdromWizard key={`${d.host}|${d.vm}`} host={d.host} vm={d.vm} target={d.target} onClose={close} />,
    'xml-diff': (d, close) => <XmlDiffDialog key={`${d.host}|${d.vm}`} host={d.host} vm={d.vm} onClose={close} />,
  },
  actions(r, ref) {
    const host = ref.host;
    const out: NodeAction[] = [];
    if (r.kind === 'vm') {
      const vm = r.domain.name;
      out.push({ id: 'attach-disk', order: 10, labelKey: 'actions.attachDisk', icon: 'plus', run: () => openDialog({ kind: 'attach-disk', host, vm }) });
      if (r.domain.disks.some((k) => k.device === 'cdrom')) out.push({ id: 'cdrom', order: 30, labelKey: 'actions.cdrom', icon: 'disc', run: () => openDialog({ kind: 'cdrom', host, vm }) });
      if (hasPending(r.domain.pendingDisks)) out.push({ id: 'view-diff', order: 40, labelKey: 'actions.viewDiff', icon: 'diff', run: () => openDialog({ kind: 'xml-diff', host, vm }) });
    }
    if (r.kind === 'disk') {
      const vm = r.domain.name;
      const target = r.disk.target;
      if (r.disk.device === 'cdrom') out.push({ id: 'cdrom', order: 10, labelKey: 'actions.cdromMedia', icon: 'disc', run: () => openDialog({ kind: 'cdrom', host, vm, target }) });
      else out.push({ id: 'resize-disk', order: 10, labelKey: 'actions.resizeDisk', icon: 'resize', run: () => openDialog({ kind: 'resize-disk', host, vm, target }) });
      out.push({ id: 'detach-disk', order: 100, labelKey: 'actions.detachDisk', icon: 'detach', danger: true, run: () => openDialog({ kind: 'detach-disk', host, vm, target }) });
    }
    return out;
  },
  propertySections: [
    {
      order: 20,
      render: (n) =>
        n.kind === 'disk' ? <BackingChain top={n.disk.sourceLabel} topFormat={n.disk.format} chain={n.disk.backingChain} /> : n.kind === 'volume' ? <BackingChain top={n.volume.path} topFormat={n.volume.format} chain={n.volume.backingChain} /> : null,
    },
  ],
});
