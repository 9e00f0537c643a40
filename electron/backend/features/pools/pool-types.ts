// `pool.types`: the per-type table (libvirt/model/pool-xml.ts's POOL_CAPS)
// joined with what this host's libvirtd says it runs (`virsh
// pool-capabilities`): a type the host lacks is listed with the package
// that adds it. The host's format lists win over the table's where it has them.
import { CREATABLE_POOL_TYPES, type PoolTypeInfo } from '../../../../shared/contract/features/pools.ts';
import { parsePoolCapabilities, type PoolTypeCapability } from '../../libvirt/model/pool-capabilities.ts';
import { POOL_CAPS, POOL_TYPES } from '../../libvirt/model/pool-xml.ts';
import { virsh } from '../../libvirt/commands.ts';
import type { VirshExecutor } from '../../libvirt/virsh.ts';

/** The table joined with a pool-capabilities document (types libvirt does not list are unsupported). */
export function poolTypes(capabilitiesXml: string): PoolTypeInfo[] {
  const host = new Map<string, PoolTypeCapability>(parsePoolCapabilities(capabilitiesXml).map((c) => [c.type, c]));
  return POOL_TYPES.map((type): PoolTypeInfo => {
    const t = POOL_CAPS[type];
    const c = host.get(type);
    const defaults = { ...t.defaults, ...(c?.sourceFormats?.default !== undefined ? { format: c.sourceFormats.default } : {}) };
    const volumeDefault = c?.volumeFormats?.default;
    return {
      type,
      supported: c?.supported ?? false,
      sourceFields: [...t.source],
      requiredFields: [...t.required],
      target: t.target,
      defaults,
      buildable: t.buildable,
      deletable: t.deletable,
      sourceFormats: c?.sourceFormats?.values.length ? c.sourceFormats.values : [...(t.formats ?? [])],
      volumeFormats: c?.volumeFormats?.values.length ? c.volumeFormats.values : [...t.volumeFormats],
      ...(volumeDefault !== undefined && t.volumeFormats.length ? { defaultVolumeFormat: volumeDefault } : {}),
      discovery: t.discovery,
      packages: { ...t.packages },
      creatable: (CREATABLE_POOL_TYPES as readonly string[]).includes(type),
    };
  });
}

export async function readPoolTypes(exec: VirshExecutor): Promise<PoolTypeInfo[]> {
  return poolTypes(await exec.exec(virsh.poolCapabilities()));
}
