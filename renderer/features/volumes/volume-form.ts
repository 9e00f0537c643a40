// The new-volume form (create volume wizard, and inline in the attach
// wizard): its answers, live validation as catalog keys, and the
// CreateVolumeRequest it makes. The passphrase stays in the component's
// state and goes to ops.start only.
import type { Pool } from '../../../shared/contract/models.ts';
import type { ALLOCATIONS, CreateVolumeRequest } from '../../../shared/contract/features/volumes.ts';
import type { ThinPoolUsage } from '../../../shared/contract/features/pools.usage.ts';
import { parseSize } from '../../../shared/core/units.ts';
import { nameProblemKey } from '../hosts/index.ts';
import { poolNamed, volumeIn } from '../../../shared/contract/inventory-lookup.ts';

export type Allocation = (typeof ALLOCATIONS)[number];
/** The form's allocation: libvirt's, or a thin volume in an LVM thin pool (logical pools). */
export type FormAllocation = Allocation | 'thin';
export type VolumeFormat = CreateVolumeRequest['format'];

export interface VolumeForm {
  pool: string;
  name: string;
  format: VolumeFormat;
  capacity: string;
  allocation: FormAllocation;
  /** With allocation "thin": the thin pool of the logical pool's volume group, or '' before one is chosen. */
  thinPool: string;
  /** Name of a volume of the same pool, or '' for none. */
  backing: string;
  encrypt: boolean;
  passphrase: string;
  confirm: string;
}

export type VolumeField = 'pool' | 'name' | 'capacity' | 'allocation' | 'backing' | 'passphrase' | 'confirm';
export type VolumeErrors = Partial<Record<VolumeField, string>>;

export function emptyVolumeForm(pool = '', name = ''): VolumeForm {
  return { pool, name, format: 'qcow2', capacity: '10G', allocation: 'sparse', thinPool: '', backing: '', encrypt: false, passphrase: '', confirm: '' };
}

/** Allocation choices that make sense for the format (metadata preallocation is qcow2's). */
export function allocationAllowed(a: FormAllocation, f: Pick<VolumeForm, 'format' | 'backing'>): boolean {
  if (a === 'metadata') return f.format === 'qcow2' && f.backing === '';
  return true;
}

/** A thin pool takes a new volume below the critical level of its data and metadata (the backend's rule, shared/core/fill-levels.ts). */
export function thinPoolTakesVolumes(t: Pick<ThinPoolUsage, 'level'>): boolean {
  return t.level !== 'critical' && t.level !== 'emergency';
}

/** Applies a change and keeps the answers consistent with each other. */
export function withVolumeChange(f: VolumeForm, patch: Partial<VolumeForm>): VolumeForm {
  const next = { ...f, ...patch };
  if (patch.pool !== undefined && patch.pool !== f.pool && next.allocation === 'thin') next.allocation = 'sparse';
  // Choosing qcow2 again leaves thin provisioning; a thin volume is raw, without backing file or LUKS.
  if (patch.format === 'qcow2' && f.allocation === 'thin' && patch.allocation === undefined) next.allocation = 'sparse';
  if (next.allocation === 'thin') {
    next.format = 'raw';
    next.encrypt = false;
  } else {
    next.thinPool = '';
  }
  if (next.format !== 'qcow2') next.backing = '';
  if (patch.pool !== undefined && patch.pool !== f.pool) next.backing = '';
  if (!allocationAllowed(next.allocation, next)) next.allocation = 'sparse';
  if (!next.encrypt) {
    next.passphrase = '';
    next.confirm = '';
  }
  return next;
}

/** The bytes the capacity field says, or NaN. */
export function capacityBytes(f: VolumeForm): number {
  return parseSize(f.capacity);
}

/** Whether the allocation writes the whole size up front (so it must fit now). */
export function allocatesUpFront(a: FormAllocation): boolean {
  return a === 'full' || a === 'falloc';
}

/** `thinPools`: the logical pool's thin pools as pool.usage read them (undefined: not read yet). */
export function validateVolume(f: VolumeForm, pools: readonly Pool[], thinPools?: readonly ThinPoolUsage[]): VolumeErrors {
  const e: VolumeErrors = {};
  const pool = poolNamed(pools, f.pool);
  if (!pool) e.pool = 'validation.required';
  else if (!pool.active) e.pool = 'wizard.volume.poolInactive';
  if (f.allocation === 'thin') {
    const chosen = thinPools?.find((t) => t.name === f.thinPool);
    if (pool && pool.type !== 'logical') e.allocation = 'wizard.volume.thinLogicalOnly';
    else if (f.thinPool === '') e.allocation = 'wizard.volume.thinChoose';
    else if (thinPools && !chosen) e.allocation = 'wizard.volume.thinMissing';
    else if (chosen && !thinPoolTakesVolumes(chosen)) e.allocation = 'wizard.volume.thinTooFull';
  }
  const nameKey = nameProblemKey(f.name);
  if (nameKey) e.name = nameKey;
  else if (pool?.volumes.some((v) => v.name === f.name)) e.name = 'wizard.volume.nameTaken';
  const bytes = capacityBytes(f);
  if (f.capacity.trim() === '') e.capacity = 'validation.required';
  else if (!Number.isFinite(bytes) || bytes <= 0) e.capacity = 'wizard.volume.capacityInvalid';
  else if (bytes > Number.MAX_SAFE_INTEGER) e.capacity = 'wizard.volume.capacityTooLarge';
  else if (pool && allocatesUpFront(f.allocation) && bytes > pool.available) e.capacity = 'wizard.volume.doesNotFit';
  if (f.backing !== '') {
    const base = volumeIn(pools, f.pool, f.backing);
    if (!base) e.backing = 'wizard.volume.backingMissing';
    else if (Number.isFinite(bytes) && bytes < base.capacity) {
      // Either answer can change: say it on both steps.
      e.capacity = 'wizard.volume.smallerThanBacking';
      e.backing = 'wizard.volume.smallerThanBacking';
    }
  }
  if (f.encrypt) {
    if (f.passphrase === '') e.passphrase = 'validation.required';
    if (f.confirm !== f.passphrase) e.confirm = 'wizard.volume.passphraseMismatch';
  }
  return e;
}

/** Only the fields that belong to one step of the form. */
export function pickErrors(e: VolumeErrors, fields: readonly VolumeField[]): VolumeErrors {
  const out: VolumeErrors = {};
  for (const k of fields) if (e[k]) out[k] = e[k];
  return out;
}

export const BASIC_FIELDS: readonly VolumeField[] = ['pool', 'name', 'capacity'];
export const OPTION_FIELDS: readonly VolumeField[] = ['allocation', 'backing', 'passphrase', 'confirm'];

export function toCreateRequest(f: VolumeForm): CreateVolumeRequest | null {
  const bytes = capacityBytes(f);
  if (!f.pool || !f.name || !Number.isSafeInteger(bytes) || bytes <= 0) return null;
  return {
    pool: f.pool,
    name: f.name,
    capacityBytes: bytes,
    ...(f.allocation === 'thin'
      ? { format: 'raw' as const, allocation: 'sparse' as const, thinPool: f.thinPool }
      : { format: f.format, allocation: f.allocation, ...(f.backing ? { backingVolume: f.backing } : {}), ...(f.encrypt ? { encryption: 'luks' as const } : {}) }),
  };
}

/** A name not yet used in the pool: "<base>.qcow2", "<base>-2.qcow2", ... */
export function freeVolumeName(pool: Pool | undefined, base: string, format: VolumeFormat): string {
  const ext = format === 'qcow2' ? '.qcow2' : '.img';
  const taken = new Set(pool?.volumes.map((v) => v.name) ?? []);
  for (let i = 1; ; i++) {
    const name = i === 1 ? `${base}${ext}` : `${base}-${i}${ext}`;
    if (!taken.has(name)) return name;
  }
}
