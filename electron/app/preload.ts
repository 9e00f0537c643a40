// Preload: exposes named functions of the shared API contract only, never a
// generic invoke. The contract arrives with the desktop-shell issue.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('spindle', Object.freeze({ version: '0.1.0' }));
