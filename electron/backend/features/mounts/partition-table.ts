// Reads an image's partition table from its first sectors (MBR, or GPT behind
// a protective MBR), so listing partitions needs nothing on the host beyond
// `head` and `base64` (no sfdisk, no loop device, no root for a readable raw
// image). Logical partitions inside an MBR extended partition are not listed.
import type { ImagePartitions } from '../../../../shared/contract/features/mounts.ts';

const SECTOR = 512;
/** Enough for the MBR, the GPT header and 128 entries of 128 bytes. */
export const TABLE_BYTES = SECTOR * 34;

const MBR_TYPES: Record<number, string> = { 0x07: 'ntfs/exfat', 0x0b: 'fat32', 0x0c: 'fat32', 0x0e: 'fat16', 0x83: 'linux', 0x82: 'linux swap', 0x8e: 'linux lvm', 0xfd: 'linux raid', 0xef: 'efi' };
const GPT_TYPES: Record<string, string> = {
  '0fc63daf-8483-4772-8e79-3d69d8477de4': 'linux',
  'c12a7328-f81f-11d2-ba4b-00a0c93ec93b': 'efi',
  '0657fd6d-a4ab-43c4-84e5-0933c84b4f4f': 'linux swap',
  'e6d6d379-f507-44c2-a23c-238f2a3df928': 'linux lvm',
  'a19d880f-05fc-4d3b-a006-743f0f84911e': 'linux raid',
  '21686148-6449-6e6f-744e-656564454649': 'bios boot',
  'ebd0a0a2-b9e5-4433-87c0-68b6b72699c7': 'microsoft basic data',
  '4f68bce3-e8cd-4db1-96e7-fbcaf984b709': 'linux root (x86-64)',
};

/** A GUID as stored on disk (first three fields little-endian). */
function guid(b: Buffer, o: number): string {
  const h = (s: number, e: number) => b.subarray(o + s, o + e).toString('hex');
  const le = (s: number, e: number) => Buffer.from(b.subarray(o + s, o + e)).reverse().toString('hex');
  return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${h(8, 10)}-${h(10, 16)}`;
}

export function parsePartitionTable(b: Buffer): Pick<ImagePartitions, 'table' | 'partitions'> {
  if (b.length < SECTOR || b[510] !== 0x55 || b[511] !== 0xaa) return { table: null, partitions: [] };
  const entries = [0, 1, 2, 3].map((i) => {
    const o = 446 + i * 16;
    return { type: b[o + 4] ?? 0, start: b.readUInt32LE(o + 8), sectors: b.readUInt32LE(o + 12) };
  });
  if (entries.some((e) => e.type === 0xee) && b.length >= 2 * SECTOR && b.subarray(SECTOR, SECTOR + 8).toString('latin1') === 'EFI PART') {
    const h = SECTOR;
    const entriesLba = Number(b.readBigUInt64LE(h + 72));
    const count = b.readUInt32LE(h + 80);
    const size = b.readUInt32LE(h + 84);
    const partitions: ImagePartitions['partitions'] = [];
    for (let i = 0; i < Math.min(count, 128); i++) {
      const o = entriesLba * SECTOR + i * size;
      if (o + size > b.length) break;
      const type = guid(b, o);
      if (type === '00000000-0000-0000-0000-000000000000') continue;
      const first = Number(b.readBigUInt64LE(o + 32));
      const last = Number(b.readBigUInt64LE(o + 40));
      partitions.push({ number: i + 1, startBytes: first * SECTOR, sizeBytes: (last - first + 1) * SECTOR, type: GPT_TYPES[type] ?? type });
    }
    return { table: 'gpt', partitions };
  }
  // A FAT boot sector also ends in 55 aa: an MBR's entries must be sane (boot flag 0 or 0x80).
  const sane = [0, 1, 2, 3].every((i) => {
    const flag = b[446 + i * 16] ?? 0;
    return flag === 0 || flag === 0x80;
  });
  const used = entries.map((e, i) => ({ ...e, number: i + 1 })).filter((e) => e.type !== 0 && e.sectors > 0);
  if (!sane || !used.length) return { table: null, partitions: [] };
  return {
    table: 'dos',
    partitions: used
      .filter((e) => e.type !== 0x05 && e.type !== 0x0f && e.type !== 0x85)
      .map((e) => ({ number: e.number, startBytes: e.start * SECTOR, sizeBytes: e.sectors * SECTOR, type: MBR_TYPES[e.type] ?? `0x${e.type.toString(16)}` })),
  };
}
