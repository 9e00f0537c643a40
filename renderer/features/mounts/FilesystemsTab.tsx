// The "Filesystems" tab of a VM (or of one of its disks: only what sits on
// that disk): the guest's block devices as the agent reports them
// (guest.blockdevs), each with its VM disk, size, filesystem, UUID, label,
// mountpoints, use, and whether /etc/fstab mounts it; per row Mount… and
// Unmount…. Without an answering agent it says what the guest needs.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { GuestBlockDevice, GuestBlockDevs } from '../../../shared/contract/features/mounts.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { copyText } from '../../platform/store/actions.ts';
import { openDialog } from '../../platform/store/dialogs.ts';
import { useBlockDevs } from './guest-blockdevs.ts';
import { GuestAgentHelp } from './GuestAgentHelp.tsx';
import { isSystemMountpoint } from '../../../shared/contract/features/mounts.ts';
import { text } from '../../platform/i18n/msg.ts';
import { deviceChoice, deviceTree, fstabEntriesFor, usedFraction } from './mount-form.ts';
import { formatTime } from '../../platform/i18n/format.ts';
import { Callout } from '../../platform/components/Callout.tsx';
import { TableHead, type HeadColumn } from '../../platform/components/TableHead.tsx';

const FS_COLUMNS: HeadColumn[] = ['mount.col.device', 'mount.col.target', { key: 'mount.col.size', num: true }, 'mount.col.fsType', 'mount.col.label', 'mount.col.uuid', 'mount.col.mountpoints', 'mount.col.used', 'mount.col.fstab'];
const FSTAB_COLUMNS: HeadColumn[] = [{ key: 'mount.col.line', num: true }, 'mount.col.spec', 'mount.col.file', 'mount.col.fsType', 'mount.col.options'];

export function UsedBar({ used, total }: { used: number; total: number }) {
  const { t } = useTranslation();
  const pct = total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 0;
  const level = pct >= 90 ? 'high' : pct >= 75 ? 'mid' : 'low';
  const text = t('units.usedOf', { used: formatBytes(used), total: formatBytes(total) });
  return (
    <span className="fs-used" title={`${text} (${t('units.percent', { value: pct })})`}>
      <span className="usage-track" aria-hidden="true">
        <span className={`usage-fill ${level}`} style={{ width: `${pct}%` }} />
      </span>
      <span className="fs-used-text">{t('mount.fs.usedShort', { used: formatBytes(used), total: formatBytes(total) })}</span>
    </span>
  );
}

function FsRow({ host, vm, d, depth, devs }: { host: string; vm: string; d: GuestBlockDevice; depth: number; devs: GuestBlockDevs }) {
  const { t } = useTranslation();
  const choice = deviceChoice(d);
  const matched = [...fstabEntriesFor(devs.fstab, d), ...d.mountpoints.flatMap((mp) => fstabEntriesFor(devs.fstab, null, mp))];
  const inFstab = matched.filter((e, i) => matched.findIndex((x) => x.line === e.line) === i).sort((a, b) => a.line - b.line);
  const lines = inFstab.map((e) => e.line);
  const frac = usedFraction(d);
  return (
    <tr data-device={d.path} data-target={d.target ?? ''} data-kind={d.kind} data-fs={d.fsType ?? ''} data-mountpoints={d.mountpoints.join(' ')} data-used={d.usedBytes ?? ''} data-fstab={lines.length ? lines.join(' ') : ''}>
      <td className="fs-device">
        <span className="fs-tree" style={{ paddingLeft: `${depth * 16}px` }}>
          {depth > 0 && <span className="fs-branch" aria-hidden="true" />}
          <span className="mono">{d.path}</span>
          <span className="badge neutral fs-kind">{t(`mount.kind.${d.kind}`)}</span>
          {d.readOnly && <span className="badge neutral">{t('mount.fs.ro')}</span>}
        </span>
      </td>
      <td className="mono">{d.target ?? <span className="muted">{t('common.dash')}</span>}</td>
      <td className="num">{formatBytes(d.sizeBytes)}</td>
      <td>{d.fsType ? <span className="mono">{d.fsType}</span> : <span className="muted">{t(d.hasChildren ? 'mount.fs.partitioned' : 'mount.fs.none')}</span>}</td>
      <td>{d.label ? <span className="truncate">{d.label}</span> : <span className="muted">{t('common.dash')}</span>}</td>
      <td>
        {d.uuid ? (
          <button type="button" className="link-btn mono fs-uuid" title={t('mount.fs.copyUuid', { uuid: d.uuid })} onClick={() => void copyText(d.uuid ?? '')}>
            {d.uuid.length > 13 ? `${d.uuid.slice(0, 8)}…` : d.uuid}
          </button>
        ) : (
          <span className="muted">{t('common.dash')}</span>
        )}
      </td>
      <td className="wrap-words">
        {d.mountpoints.length ? (
          <ul className="fs-mountpoints">
            {d.mountpoints.map((mp) => (
              <li key={mp} className="mono">
                {mp}
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">{t('mount.fs.notMounted')}</span>
        )}
      </td>
      <td>{frac !== null && d.usedBytes !== undefined && d.totalBytes !== undefined ? <UsedBar used={d.usedBytes} total={d.totalBytes} /> : <span className="muted">{t('common.dash')}</span>}</td>
      <td>
        {lines.length ? (
          <span className="fs-fstab yes" title={inFstab.map((e) => t('mount.fs.fstabLine', { line: String(e.line), spec: e.spec, file: e.file })).join('\n')}>
            <Icon name="check" size={12} />
            {t('mount.fs.fstabLines', { lines: lines.join(', ') })}
          </span>
        ) : devs.fstab === null ? (
          <span className="muted" title={t('mount.fs.noFstabFile')}>
            {t('common.dash')}
          </span>
        ) : (
          <span className="muted">{t('mount.fs.fstabNo')}</span>
        )}
      </td>
      <td className="fs-actions">
        <span className="fs-buttons">
          {!choice.selectable && d.mountpoints.length === 0 && choice.reason && <span className="muted small fs-why">{t(`mount.device.why.${choice.reason.key}`, choice.reason.values)}</span>}
          {choice.selectable && (
            <button type="button" className="btn small" data-action="mount" aria-label={t('mount.fs.mountDevice', { device: d.path })} onClick={() => openDialog({ kind: 'guest-mount', host, vm, device: d.path })}>
              <Icon name="folder" />
              {t('mount.fs.mount')}
            </button>
          )}
          {d.mountpoints.map((mp) => {
            const system = isSystemMountpoint(mp);
            return (
              <button
                key={mp}
                type="button"
                className="btn small"
                data-action="umount"
                data-mountpoint={mp}
                disabled={system}
                aria-label={t('mount.fs.umountDevice', { device: d.path, mountpoint: mp })}
                title={system ? t('mount.fs.systemMount', { mountpoint: mp }) : t('mount.fs.umountTitle', { mountpoint: mp })}
                onClick={() => openDialog({ kind: 'guest-umount', host, vm, mountpoint: mp })}
              >
                <Icon name="eject" />
                {d.mountpoints.length > 1 ? t('mount.fs.umountAt', { mountpoint: mp }) : t('mount.fs.umount')}
              </button>
            );
          })}
        </span>
      </td>
    </tr>
  );
}

/** The table of a VM's (or one disk's) devices; `target` limits it to that VM disk. */
export function FilesystemsTab({ host, vm, running, target }: { host: string; vm: string; running: boolean; target?: string | undefined }) {
  const { t } = useTranslation();
  const entry = useBlockDevs(host, vm, running, running ? 'on' : 'off');
  const devs = running ? entry.data : null;
  const agent: GuestBlockDevs['agent'] = running ? (devs?.agent ?? 'ok') : 'not-running';
  const all = devs && agent === 'ok' ? deviceTree(devs.devices) : [];
  // On a disk's tab, what sits on that disk, indented from the disk itself.
  const onTarget = target ? all.filter((r) => r.device.target === target) : all;
  const top = Math.min(...onTarget.map((r) => r.depth));
  const rows = target ? onTarget.map((r) => ({ ...r, depth: r.depth - top })) : all;
  const mountable = rows.some((r) => deviceChoice(r.device).selectable);
  // On a disk's tab the toolbar's Mount… is about that disk: with nothing on it to mount, it is off, and says why.
  const nothingHere = Boolean(target) && rows.length > 0 && !mountable;
  const nothingId = useId();

  return (
    <div className="fs-tab" data-fs-tab={target ?? 'vm'} data-agent-state={running ? (devs?.agent ?? (entry.error ? 'error' : 'loading')) : 'not-running'}>
      <div className="fs-toolbar">
        <span className="fs-heading">{target ? t('mount.fs.headingDisk', { target, vm }) : t('mount.fs.headingVm', { vm })}</span>
        <span className="spacer" />
        {entry.loading ? (
          <Spinner label={t('mount.fs.reading')} />
        ) : (
          entry.loadedAt !== null && running && <span className="muted small">{t('mount.fs.readAt', { time: formatTime(entry.loadedAt) })}</span>
        )}
        <button type="button" className="btn small" data-action="refresh-fs" disabled={!running || entry.loading} onClick={entry.reload}>
          <Icon name="refresh" className={entry.loading ? 'spin' : undefined} />
          {t('mount.fs.refresh')}
        </button>
        <button
          type="button"
          className="btn small primary"
          data-action="mount-new"
          disabled={!running || agent !== 'ok' || !devs || nothingHere}
          aria-describedby={nothingHere ? nothingId : undefined}
          onClick={() => openDialog({ kind: 'guest-mount', host, vm, target })}
        >
          <Icon name="folder" />
          {t('mount.fs.mountButton')}
        </button>
      </div>
      {!running && <GuestAgentHelp host={host} vm={vm} agent="not-running" />}
      {running && entry.error && <ErrorCallout error={entry.error} compact titleKey="mount.fs.failed" />}
      {running && devs && agent !== 'ok' && <GuestAgentHelp host={host} vm={vm} agent={agent} />}
      {running && !devs && !entry.error && <Spinner label={t('mount.fs.reading')} />}
      {devs && agent === 'ok' && (
        <>
          {rows.length === 0 ? (
            <p className="muted fs-empty">{target ? t('mount.fs.noneOnDisk', { target }) : t('mount.fs.none')}</p>
          ) : (
            <div className="fs-table-wrap">
              <table className="fs-table" aria-label={target ? t('mount.fs.tableDisk', { target }) : t('mount.fs.tableVm', { vm })}>
                <TableHead columns={FS_COLUMNS} actionsKey="mount.col.actions" />
                <tbody>
                  {rows.map((r) => (
                    <FsRow key={r.device.path} host={host} vm={vm} d={r.device} depth={r.depth} devs={devs} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {nothingHere && (
            <p id={nothingId} className="muted small" data-nothing-to-mount="">
              {t('mount.fs.nothingToMount', { target })}
            </p>
          )}
          {devs.notes.length > 0 && (
            <Callout tone="info compact fs-notes" icon="info" role="note" data-fs-notes="" title={t('mount.fs.notes', { count: devs.notes.length })}>
              <ul className="plan-warnings">
                {devs.notes.map((n, i) => (
                  <li key={i}>{text(n, devs.noteMsgs?.[i])}</li>
                ))}
              </ul>
            </Callout>
          )}
          {!target && <FstabList devs={devs} />}
        </>
      )}
    </div>
  );
}

/** /etc/fstab as the guest has it, each line marked when it belongs to a listed device. */
function FstabList({ devs }: { devs: GuestBlockDevs }) {
  const { t } = useTranslation();
  if (devs.fstab === null) return <p className="muted small">{t('mount.fs.noFstabFile')}</p>;
  if (devs.fstab.length === 0) return <p className="muted small">{t('mount.fs.fstabEmpty')}</p>;
  return (
    <details className="advanced fs-fstab-list" data-fstab-list="">
      <summary>{t('mount.fs.fstabSummary', { count: devs.fstab.length })}</summary>
      <table className="fs-table compact">
        <TableHead columns={FSTAB_COLUMNS} />
        <tbody>
          {devs.fstab.map((e) => (
            <tr key={e.line}>
              <td className="num">{e.line}</td>
              <td className="mono">{e.spec}</td>
              <td className="mono">{e.file}</td>
              <td className="mono">{e.vfstype}</td>
              <td className="mono">{e.options}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
