// The Spindle service on the test bed as the UI uses it: call API methods,
// start operations as jobs and wait for them, collect the pushed events.
import type { ApiMethod, ApiParams, ApiResult } from '../../shared/contract/api.ts';
import type { Job, Operation } from '../../shared/contract/ops.ts';
import { SpindleService } from '../../electron/backend/service/spindle-service.ts';
import { hostFingerprint, localHost, sshHost, tempConfigDir, waitFor, type Testbed } from './testbed.ts';

export type ServiceHarness = Awaited<ReturnType<typeof openService>>;

/** Starts `op` as a job of `svc` and waits for its end; a refused start throws, with the refusal. */
export async function startAndWait(svc: SpindleService, op: Operation, passphrase?: string): Promise<Job> {
  const out = await svc.dispatch('ops.start', { op, ...(passphrase ? { passphrase } : {}) });
  if (!out.ok) throw Object.assign(new Error(`${out.error.code}: ${out.error.message} (${out.error.hint ?? ''})`), { info: out.error });
  return svc.jobs.wait(out.result.id);
}

/**
 * A service with its own settings folder and one host: this machine's libvirtd
 * as "local", or the test bed's sshd (key, sudo, host key accepted) as "loopback";
 * resolves once that host's inventory is read.
 */
export async function openService(bed: Testbed, host: 'local' | 'ssh' = 'local') {
  const cfg = tempConfigDir();
  const svc = new SpindleService({ configDir: cfg.dir, knownHostsFiles: [], addLocalHost: false });
  await svc.init();
  const events: Array<{ event: string; payload: unknown }> = [];
  svc.on('event', (event: string, payload: unknown) => events.push({ event, payload }));
  const call = async <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> => {
    const out = await svc.dispatch(method, params);
    if (!out.ok) throw Object.assign(new Error(`${out.error.code}: ${out.error.message} (${out.error.hint ?? ''})`), { info: out.error });
    return out.result as ApiResult<M>;
  };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await svc.close();
    cfg.cleanup();
  };
  try {
    if (host === 'local') await call('hosts.add', { config: localHost(bed) });
    else await call('hosts.add', { config: sshHost(bed), acceptFingerprint: hostFingerprint(bed) });
    const name = host === 'local' ? 'local' : 'loopback';
    await waitFor(() => svc.session(name)?.getInventory(), 30_000);
  } catch (e) {
    await close();
    throw e;
  }
  const run = (op: Operation, passphrase?: string): Promise<Job> => startAndWait(svc, op, passphrase);
  return { svc, configDir: cfg.dir, call, run, events, close };
}
