// Electron main process: one locked-down window; every privileged operation
// goes through the validated API service (electron/backend).
import { app, BrowserWindow, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, PRELOAD_FUNCTIONS } from '../../shared/contract/api-names.ts';
import { SpindleError } from '../../shared/core/errors.ts';
import { defaultConfigDir } from '../backend/config/config-dir.ts';
import { SpindleService } from '../backend/service/spindle-service.ts';
import { DESKTOP_CSP, isTrustedSender, rendererUrl, WEB_PREFERENCES } from './security.ts';

const RENDERER_INDEX = path.join(__dirname, '..', 'renderer', 'index.html');
const service = new SpindleService({ configDir: defaultConfigDir() });
let win: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 560,
    title: 'Spindle',
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload: path.join(__dirname, 'preload.cjs') },
  });
  w.once('ready-to-show', () => w.show());
  // No navigation away from the app and no new windows.
  w.webContents.on('will-navigate', (e) => e.preventDefault());
  w.webContents.on('will-attach-webview', (e) => e.preventDefault());
  w.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void w.loadFile(RENDERER_INDEX);
  return w;
}

function registerIpc(): void {
  for (const method of Object.keys(PRELOAD_FUNCTIONS)) {
    ipcMain.handle(`${IPC_PREFIX}${method}`, async (e: IpcMainInvokeEvent, params: unknown) => {
      const trusted =
        win !== null &&
        isTrustedSender(
          { frameUrl: e.senderFrame?.url, isMainFrame: e.senderFrame === e.sender.mainFrame, webContentsId: e.sender.id },
          { url: rendererUrl(RENDERER_INDEX), webContentsId: win.webContents.id },
        );
      if (!trusted) return { ok: false, error: new SpindleError('PERMISSION_DENIED', 'This page may not use the Spindle API.').toJSON() };
      return service.dispatch(method, params);
    });
  }
  service.on('event', (event: string, payload: unknown) => {
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event, payload);
  });
}

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP] } });
  });
  registerIpc();
  win = createWindow();
  await service.init();
});

app.on('window-all-closed', () => app.quit());

// Every way out (last window closed, Quit, a signal) goes through here once:
// the service closes first, which also unmounts the images Spindle mounted on hosts.
let serviceClosed = false;
let closingService = false;
app.on('before-quit', (e) => {
  if (serviceClosed) return;
  e.preventDefault();
  if (closingService) return;
  closingService = true;
  void service.close().finally(() => {
    serviceClosed = true;
    app.quit();
  });
});
