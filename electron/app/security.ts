// Security settings of the desktop window, kept free of Electron imports so
// tests can check them. The window runs the renderer with no Node access.
import { pathToFileURL } from 'node:url';

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  spellcheck: false,
} as const;

export const DESKTOP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export function rendererUrl(rendererIndex: string): string {
  return pathToFileURL(rendererIndex).toString();
}

/**
 * Only the app's own page, in the top frame of the app's own window, may call
 * the API: not an iframe, not a page the window was navigated to.
 */
export function isTrustedSender(sender: { frameUrl: string | undefined; isMainFrame: boolean; webContentsId: number }, expected: { url: string; webContentsId: number }): boolean {
  if (!sender.isMainFrame || sender.webContentsId !== expected.webContentsId || !sender.frameUrl) return false;
  const u = sender.frameUrl.split('#')[0]?.split('?')[0];
  return u === expected.url;
}
