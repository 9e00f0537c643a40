import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePartitionTable, TABLE_BYTES } from './partition-table.ts';

function mbr(entries: { type: number; start: number; sectors: number }[]): Buffer {
  const b = Buffer.alloc(TABLE_BYTES);
  entries.forEach((e, i) => {
    const o = 446 + i * 16;
    b[o + 4] = e.type;
    b.writeUInt32LE(e.start, o + 8);
    b.writeUInt32LE(e.sectors, o + 12);
  });
  b[510] = 0x55;
  b[511] = 0xaa;
  return b;
}

/** A GUID string into its on-disk bytes (first three fields little-endian). */
function guidBytes(g: string): Buffer {
  const h = g.replace(/-/g, '');
  const le = (s: string) => Buffer.from(s, 'hex').reverse();
  return Buffer.concat([le(h.slice(0, 8)), le(h.slice(8, 12)), le(h.slice(12, 16)), Buffer.from(h.slice(16), 'hex')]);
}

test('no table: zeros, or a filesystem on the whole image', () => {
  assert.deepEqual(parsePartitionTable(Buffer.alloc(TABLE_BYTES)), { table: null, partitions: [] });
  // A FAT boot sector also ends in 55 aa but its "entries" are not sane.
  const fat = mbr([]);
  fat[446] = 0x3c;
  fat[446 + 4] = 0x83;
  assert.equal(parsePartitionTable(fat).table, null);
});

test('MBR: primary partitions with their byte offsets, extended containers skipped', () => {
  const t = parsePartitionTable(mbr([{ type: 0x83, start: 2048, sectors: 4096 }, { type: 0x05, start: 8192, sectors: 100 }, { type: 0x0c, start: 10240, sectors: 2048 }]));
  assert.equal(t.table, 'dos');
  assert.deepEqual(t.partitions, [
    { number: 1, startBytes: 2048 * 512, sizeBytes: 4096 * 512, type: 'linux' },
    { number: 3, startBytes: 10240 * 512, sizeBytes: 2048 * 512, type: 'fat32' },
  ]);
});

test('GPT behind a protective MBR', () => {
  const b = mbr([{ type: 0xee, start: 1, sectors: 0xffffffff }]);
  b.write('EFI PART', 512, 'latin1');
  b.writeBigUInt64LE(2n, 512 + 72);
  b.writeUInt32LE(128, 512 + 80);
  b.writeUInt32LE(128, 512 + 84);
  const entry = (i: number, type: string, first: number, last: number) => {
    const o = 1024 + i * 128;
    guidBytes(type).copy(b, o);
    b.writeBigUInt64LE(BigInt(first), o + 32);
    b.writeBigUInt64LE(BigInt(last), o + 40);
  };
  entry(0, 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b', 2048, 4095);
  entry(2, '0fc63daf-8483-4772-8e79-3d69d8477de4', 4096, 20479);
  const t = parsePartitionTable(b);
  assert.equal(t.table, 'gpt');
  assert.deepEqual(t.partitions, [
    { number: 1, startBytes: 2048 * 512, sizeBytes: 2048 * 512, type: 'efi' },
    { number: 3, startBytes: 4096 * 512, sizeBytes: 16384 * 512, type: 'linux' },
  ]);
});

test('recorded: busybox fdisk in the guest, read on the host through qemu-io', async () => {
  const { readFileSync } = await import('node:fs');
  const { parseQemuIoHex } = await import('./host-mount.ts');
  const b = parseQemuIoHex(readFileSync(new URL('./testdata/qemu-io-mbr.txt', import.meta.url), 'utf8'));
  assert.equal(b.length, TABLE_BYTES);
  const t = parsePartitionTable(b);
  assert.equal(t.table, 'dos');
  assert.deepEqual(
    t.partitions.map((p) => [p.number, p.startBytes, p.sizeBytes, p.type]),
    [
      [1, 63 * 512, 32768 * 512, 'linux'],
      [2, 32831 * 512, 32705 * 512, 'linux'],
    ],
  );
});
