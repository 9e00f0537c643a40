// Browser mode: serves the built renderer and the same API over a WebSocket,
// on 127.0.0.1 only. A random per-run token (given in the URL fragment, which
// browsers never send in requests) and an Origin check keep other local users
// and other web pages out.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { WireRequestSchema, type WireEvent, type WireResponse } from '../../shared/api.ts';
import { SpindleService, type ServiceOptions } from '../backend/service/spindle-service.ts';

export interface WebServerOptions extends Partial<ServiceOptions> {
  /** 0 or absent: a random free port. */
  port?: number;
  /** The built renderer (dist/renderer). */
  staticDir?: string;
  /** A service to use instead of creating one (tests). */
  service?: SpindleService;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  service: SpindleService;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export function csp(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export const MAX_MESSAGE_BYTES = 1 << 20;

export function defaultStaticDir(): string {
  return path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'dist', 'renderer');
}

export async function startWebServer(opts: WebServerOptions = {}): Promise<WebServer> {
  const staticDir = path.resolve(opts.staticDir ?? defaultStaticDir());
  const token = randomBytes(24).toString('base64url');
  const service =
    opts.service ??
    new SpindleService({
      configDir: opts.configDir ?? (await import('../backend/config/config-dir.ts')).defaultConfigDir(),
      ...(opts.knownHostsFiles ? { knownHostsFiles: opts.knownHostsFiles } : {}),
      ...(opts.addLocalHost !== undefined ? { addLocalHost: opts.addLocalHost } : {}),
    });
  const ownsService = !opts.service;
  let port = 0;

  const server = http.createServer((req, res) => {
    // The page asks whether its token is still valid when its socket keeps
    // failing: a restarted server has a new token, and a WebSocket cannot
    // tell a refused upgrade from a server that is down.
    if (req.url?.startsWith('/api/session')) {
      const given = Buffer.from(new URL(req.url, 'http://127.0.0.1').searchParams.get('token') ?? '');
      const want = Buffer.from(token);
      const valid = given.length === want.length && timingSafeEqual(given, want);
      res.writeHead(valid ? 204 : 401, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    void serveStatic(staticDir, req, res, port);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(req, port, token);
    if (refusal) {
      socket.write(`HTTP/1.1 ${refusal.status} ${refusal.text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', (data, isBinary) => {
        void handleMessage(service, ws, data.toString(), isBinary);
      });
    });
  });

  const onEvent = (event: WireEvent['event'], payload: unknown): void => {
    const frame = JSON.stringify({ event, payload } satisfies WireEvent);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
  };
  service.on('event', onEvent);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  if (ownsService) await service.init();

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    service,
    close: async () => {
      service.off('event', onEvent);
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      if (ownsService) await service.close();
    },
  };
}

/** Why an upgrade is refused (status line), or null when it may proceed. */
export function checkUpgrade(req: IncomingMessage, port: number, token: string): { status: number; text: string } | null {
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  if (url.pathname !== '/api') return { status: 404, text: 'Not Found' };
  const origin = req.headers.origin;
  const allowed = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  if (!origin || !allowed.includes(origin)) return { status: 403, text: 'Forbidden' };
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const want = Buffer.from(token);
  if (given.length !== want.length || !timingSafeEqual(given, want)) return { status: 401, text: 'Unauthorized' };
  return null;
}

async function handleMessage(service: SpindleService, ws: WebSocket, text: string, isBinary: boolean): Promise<void> {
  let id = -1;
  let reply: WireResponse;
  try {
    if (isBinary) throw new Error('binary frames are not accepted');
    const req = WireRequestSchema.parse(JSON.parse(text));
    id = req.id;
    const outcome = await service.dispatch(req.method, req.params);
    reply = outcome.ok ? { id, ok: true, result: outcome.result } : { id, ok: false, error: outcome.error };
  } catch (e) {
    reply = { id, ok: false, error: { code: 'INVALID_ARGUMENT', message: `Malformed request: ${(e as Error).message.slice(0, 300)}` } };
  }
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
}

async function serveStatic(root: string, req: IncomingMessage, res: http.ServerResponse, port: number): Promise<void> {
  const headers = {
    'Content-Security-Policy': csp(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let rel = decodeURIComponent(url.pathname);
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(root, `.${rel}`);
  // Never serve anything outside the renderer build.
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403, headers).end();
    return;
  }
  let target = file;
  try {
    const st = await fs.stat(target);
    if (!st.isFile()) throw new Error('not a file');
  } catch {
    target = path.join(root, 'index.html'); // client-side routes
    try {
      await fs.access(target);
    } catch {
      res.writeHead(503, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('The renderer is not built. Run "npm run build:renderer".\n');
      return;
    }
  }
  res.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[path.extname(target)] ?? 'application/octet-stream' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(target).pipe(res);
}
