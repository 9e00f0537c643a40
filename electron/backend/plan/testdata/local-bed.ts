// What the plan tests run on: a real local HostSession (its LocalRunner runs
// the steps; nothing here needs libvirt) over a temporary folder that lives
// as long as the test file: made before its tests, closed and removed after
// them. fresh() gives a test a folder of its own (then `work`).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { HostKeyStore } from '../../transport/host-keys.ts';
import { HostSession } from '../../session/host-session.ts';

export interface LocalBed {
  readonly dir: string;
  readonly session: HostSession;
  /** The folder of the test that called fresh() last. */
  readonly work: string;
  fresh(): string;
}

export function localBed(prefix: string): LocalBed {
  let dir = '';
  let session: HostSession | null = null;
  let work = '';
  let n = 0;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
    session = new HostSession({ kind: 'local', name: 'local', uri: 'qemu:///system', sudo: false }, { hostKeys: new HostKeyStore(dir, []) });
  });
  after(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get session() {
      if (!session) throw new Error('the local bed is made before the tests run');
      return session;
    },
    get work() {
      return work;
    },
    fresh() {
      work = path.join(dir, `t${++n}`);
      mkdirSync(work);
      return work;
    },
  };
}
