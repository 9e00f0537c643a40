// The Spindle service on the test bed as the UI uses it: call API methods,
// start operations as jobs and wait for them, collect the pushed events.
import type { ApiMethod, ApiParams, ApiResult } from '../../shared/contract/api.ts';
import type { Job, Operation } from '../../shared/contract/ops.ts';
import { SpindleService } from '../../electron/backend/service/spindle-service.ts';
import { localHost, tempConfigDir, waitFor, type Testbed } from './testbed.ts';

export type ServiceHarness = Awaited<ReturnType<typeof openService>>;

export async function openService(bed: Testbed) {
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
  await call('hosts.add', { config: localHost(bed) });
  await waitFor(() => svc.session('local')?.getInventory(), 30_000);
  const run = async (op: Operation, passphrase?: string): Promise<Job> => {
    const job = await call('ops.start', { op, ...(passphrase ? { passphrase } : {}) });
    return svc.jobs.wait(job.id);
  };
  const close = async () => {
    await svc.close();
    cfg.cleanup();
  };
  return { svc, call, run, events, close };
}

