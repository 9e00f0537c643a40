// Preload: exposes named functions of the shared API contract only, never a
// generic invoke, so a compromised page cannot reach arbitrary IPC channels.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, PRELOAD_FUNCTIONS } from '../../shared/contract/api-names.ts';

const api: Record<string, unknown> = {};
for (const [method, fn] of Object.entries(PRELOAD_FUNCTIONS)) {
  api[fn] = (params?: unknown) => ipcRenderer.invoke(`${IPC_PREFIX}${method}`, params ?? {});
}
api.onEvent = (cb: (event: string, payload: unknown) => void): (() => void) => {
  const listener = (_e: IpcRendererEvent, event: string, payload: unknown): void => cb(event, payload);
  ipcRenderer.on(IPC_EVENT_CHANNEL, listener);
  return () => ipcRenderer.off(IPC_EVENT_CHANNEL, listener);
};
contextBridge.exposeInMainWorld('spindle', Object.freeze(api));
