// Browser mode: serves the built renderer and the same API over a WebSocket,
// on 127.0.0.1 only. A random per-run token (given in the URL fragment, which
// browsers never send in requests) and an Origin check keep other local users
// and other web pages out; a Host check keeps out pages that reach 127.0.0.1
// under a name of their own (DNS rebinding). Nothing a client sends may end
// the server: every path a client can reach answers a bad request with a 4xx
// or closes that one connection.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { WireRequestSchema, type WireEvent, type WireResponse } from '../../shared/contract/api.ts';
import { SpindleService, type ServiceOptions } from '../backend/service/spindle-service.ts';

/** Limits that keep slow or silent clients from holding the server (slowloris). */
export interface WebLimits {
  /** The whole request head must arrive within this. */
  headersTimeoutMs: number;
  /** The whole request (head and body) must arrive within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** An HTTP socket on which nothing moves either way (e.g. a client that stopped reading) is closed after this. */
  idleTimeoutMs: number;
  /** How often the two request timeouts are checked. */
  checkIntervalMs: number;
  /** Connections beyond this are dropped at once (WebSockets count too). */
  maxConnections: number;
  /** Each WebSocket is pinged this often and dropped when the previous ping got no pong. */
  heartbeatMs: number;
}

// Generous for a page on the same machine (it needs a few connections and
// answers within milliseconds), short enough that a trickle is cut off soon.
export const DEFAULT_LIMITS: WebLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
  maxConnections: 128,
  heartbeatMs: 30_000,
};

export interface WebServerOptions extends Partial<ServiceOptions> {
  /** 0 or absent: a random free port. */
  port?: number;
  /** The built renderer (dist/renderer). */
  staticDir?: string;
  /** A service to use instead of creating one (tests). */
  service?: SpindleService;
  /** Overrides of DEFAULT_LIMITS (tests use short ones). */
  limits?: Partial<WebLimits>;
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

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
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
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
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

  const server = createHttpServer(limits, (req, res) => {
    handleHttp(req, res, { port, token, staticDir }).catch((e: unknown) => failRequest(res, e));
  });
  // permessage-deflate stays off: a small compressed frame must not inflate into a large one.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false, WebSocket: ExplainingWebSocket });
  wss.on('error', (e) => reportBug('WebSocket server', e));
  const clients = new Set<WebSocket>();
  const heartbeat = startHeartbeat(clients, limits.heartbeatMs);

  const adopt = (ws: WebSocket): void => {
    clients.add(ws);
    heartbeat.watch(ws);
    // Protocol errors (too big, unmasked, invalid UTF-8, bad opcode): ws has
    // already closed this one connection with a code and a reason.
    ws.on('error', () => undefined);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      answerFrame(service, ws, data, isBinary).catch((e: unknown) => reportBug('WebSocket frame', e));
    });
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A peer that resets mid-handshake is its own problem, not the server's.
    socket.on('error', () => undefined);
    try {
      const refusal = checkUpgrade(req, port, token);
      if (refusal) refuseUpgrade(socket, refusal);
      else wss.handleUpgrade(req, socket, head, adopt);
    } catch (e) {
      reportBug('upgrade', e);
      socket.destroy();
    }
  });

  const onEvent = (event: WireEvent['event'], payload: unknown): void => {
    const frame = JSON.stringify({ event, payload } satisfies WireEvent);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
  };
  service.on('event', onEvent);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, the only 'error' left is accept() failing (e.g. out of file descriptors): say so, keep serving.
  server.on('error', (e) => reportBug('HTTP server', e));
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
      heartbeat.stop();
      for (const ws of clients) ws.terminate();
      wss.close();
      // server.close() alone would wait for every open connection (a slow client included).
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      if (ownsService) await service.close();
    },
  };
}

function createHttpServer(limits: WebLimits, handler: http.RequestListener): http.Server {
  const server = http.createServer(
    { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs },
    handler,
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  // Without a 'timeout' listener Node destroys the socket; ws turns this off for upgraded sockets.
  server.setTimeout(limits.idleTimeoutMs);
  server.on('clientError', answerClientError);
  return server;
}

// ---- Which requests are admitted ----

export interface RequestTarget {
  /** Decoded path, without query or fragment. */
  path: string;
  query: URLSearchParams;
}

export interface Refusal {
  status: number;
  /** Plain text for the response body: what went wrong and what to do. */
  message: string;
}

const BAD_TARGET = 'Bad request: the path is not valid (a malformed %-escape, a control character such as NUL, or not a path starting with "/").';

/** The request's path and query, or null when the target is not a well-formed path (never throws). */
export function parseTarget(raw: string | undefined): RequestTarget | null {
  // Origin-form only ("/..."): absolute-form and "*" are proxy and OPTIONS forms this server has no use for.
  if (!raw?.startsWith('/')) return null;
  const end = raw.search(/[?#]/);
  const rawPath = end < 0 ? raw : raw.slice(0, end);
  const rawQuery = end >= 0 && raw[end] === '?' ? (raw.slice(end + 1).split('#')[0] ?? '') : '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null; // a malformed %-escape
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return null;
  return { path: decoded, query: new URLSearchParams(rawQuery) };
}

/** The Host values this server answers to: its loopback names with its port (the port may be left out only when it is 80). */
export function servedHosts(port: number): string[] {
  const withPort = [`127.0.0.1:${port}`, `localhost:${port}`];
  return port === 80 ? [...withPort, '127.0.0.1', 'localhost'] : withPort;
}

export function isServedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && servedHosts(port).includes(host.toLowerCase());
}

function hostHeaderCount(req: IncomingMessage): number {
  let n = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]?.toLowerCase() === 'host') n++;
  return n;
}

/** The checks every request passes first, HTTP and upgrade alike: one Host, a served name, a well-formed path. */
export function admitRequest(req: IncomingMessage, port: number): { target: RequestTarget } | { refusal: Refusal } {
  if (hostHeaderCount(req) > 1) return { refusal: { status: 400, message: 'Bad request: more than one Host header.' } };
  if (!isServedHost(req.headers.host, port)) {
    // Another name that resolves to 127.0.0.1 is how a web page would reach this server (DNS rebinding).
    const message = `Misdirected request: this Spindle server answers only at http://127.0.0.1:${port}/ and http://localhost:${port}/. Open the address "npm run web" printed.`;
    return { refusal: { status: 421, message } };
  }
  const target = parseTarget(req.url);
  return target ? { target } : { refusal: { status: 400, message: BAD_TARGET } };
}

export function tokenMatches(given: string | null, token: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why an upgrade is refused, or null when it may proceed. */
export function checkUpgrade(req: IncomingMessage, port: number, token: string): Refusal | null {
  const admitted = admitRequest(req, port);
  if ('refusal' in admitted) return admitted.refusal;
  if (admitted.target.path !== '/api') return { status: 404, message: 'Not found: the API is at /api.' };
  const origin = req.headers.origin;
  const allowed = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  if (!origin || !allowed.includes(origin)) return { status: 403, message: 'Forbidden: only the Spindle page itself may open the API.' };
  if (!tokenMatches(admitted.target.query.get('token'), token)) {
    return { status: 401, message: 'Unauthorized: the token is missing or from an earlier run. Open the address "npm run web" printed.' };
  }
  return null;
}

// ---- HTTP ----

interface HttpContext {
  port: number;
  token: string;
  staticDir: string;
}

async function handleHttp(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  const admitted = admitRequest(req, ctx.port);
  if ('refusal' in admitted) {
    sendRefusal(res, admitted.refusal);
    return;
  }
  const { target } = admitted;
  // The page asks whether its token is still valid when its socket keeps
  // failing: a restarted server has a new token, and a WebSocket cannot
  // tell a refused upgrade from a server that is down.
  if (target.path === '/api/session') {
    const valid = tokenMatches(target.query.get('token'), ctx.token);
    res.writeHead(valid ? 204 : 401, SECURITY_HEADERS).end();
    return;
  }
  await serveStatic(ctx.staticDir, target.path, req, res, ctx.port);
}

function sendRefusal(res: ServerResponse, refusal: Refusal): void {
  // Close after a refusal: whatever follows on this connection is not worth parsing.
  res.writeHead(refusal.status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end(`${refusal.message}\n`);
}

/** Last resort for a request whose handler failed: a 500 if nothing was sent yet, else cut the connection. */
function failRequest(res: ServerResponse, e: unknown): void {
  reportBug('HTTP request', e);
  if (res.headersSent) res.destroy();
  else sendRefusal(res, { status: 500, message: 'Internal error in Spindle (logged on the server console).' });
}

async function serveStatic(root: string, rel: string, req: IncomingMessage, res: ServerResponse, port: number): Promise<void> {
  const headers = { 'Content-Security-Policy': csp(port), ...SECURITY_HEADERS };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  const file = path.resolve(root, `.${rel.endsWith('/') ? `${rel}index.html` : rel}`);
  // Never serve anything outside the renderer build.
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403, headers).end();
    return;
  }
  const page = path.join(root, 'index.html');
  const target = (await isFile(file)) ? file : page; // else a client-side route
  if (target === page && !(await isFile(page))) {
    res.writeHead(503, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('The renderer is not built. Run "npm run build:renderer".\n');
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[path.extname(target)] ?? 'application/octet-stream' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // pipeline, not pipe: a read error or a client gone mid-file ends this response, not the process.
  await pipeline(createReadStream(target), res).catch(() => res.destroy());
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Unparsable requests, oversized heads and timeouts: a short status line, as Node's default would, plus a reason. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // Only on a connection where nothing was answered yet: a status line after a response would corrupt it.
  if (err.code === 'ECONNRESET' || !socket.writable || (socket as net.Socket).bytesWritten > 0) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const why = status === 431 ? 'the request head is too large' : status === 408 ? 'the request did not arrive in time' : 'this is not valid HTTP';
  endWith(socket, plainResponse(status, `${http.STATUS_CODES[status]}: ${why}.`));
}

/** Writes a last answer and closes; a peer that does not read must not keep the socket open. */
function endWith(socket: Duplex, answer: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(answer);
  setTimeout(() => socket.destroy(), 1000).unref();
}

function plainResponse(status: number, message: string): string {
  const body = `${message}\n`;
  return `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  if (socket.writable) endWith(socket, plainResponse(refusal.status, refusal.message));
  else socket.destroy();
}

// ---- WebSocket ----

// ws closes a connection on a protocol error with a code but no reason; a
// client (and whoever reads its log) should learn what it did wrong.
const CLOSE_REASONS: Record<number, string> = {
  1002: 'Protocol error: the frame breaks the WebSocket protocol',
  1007: 'Invalid UTF-8 in a text frame',
  1009: `Message too big: the limit is ${MAX_MESSAGE_BYTES / (1 << 20)} MiB`,
};

/** ws's WebSocket, with a reason on the closes ws makes itself (ws lets a server choose the class). */
class ExplainingWebSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    super.close(code, data ?? (code === undefined ? undefined : CLOSE_REASONS[code]));
  }
}

async function answerFrame(service: SpindleService, ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
  sendReply(ws, await replyTo(service, data, isBinary));
}

async function replyTo(service: SpindleService, data: RawData, isBinary: boolean): Promise<WireResponse> {
  let id = -1;
  try {
    if (isBinary) throw new Error('binary frames are not accepted; send JSON text frames');
    const req = WireRequestSchema.parse(JSON.parse(frameText(data)));
    id = req.id;
    const outcome = await service.dispatch(req.method, req.params);
    return outcome.ok ? { id, ok: true, result: outcome.result } : { id, ok: false, error: outcome.error };
  } catch (e) {
    return { id, ok: false, error: { code: 'INVALID_ARGUMENT', message: `Malformed request: ${String((e as Error)?.message ?? e).slice(0, 300)}` } };
  }
}

function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function sendReply(ws: WebSocket, reply: WireResponse): void {
  if (ws.readyState !== ws.OPEN) return;
  let frame: string;
  try {
    frame = JSON.stringify(reply);
  } catch (e) {
    frame = JSON.stringify({ id: reply.id, ok: false, error: { code: 'COMMAND_FAILED', message: `The result could not be encoded: ${(e as Error).message}` } });
  }
  ws.send(frame);
}

/** Pings every client; one that did not answer the previous ping is gone (or never read), so it is dropped. */
function startHeartbeat(clients: Set<WebSocket>, everyMs: number): { watch(ws: WebSocket): void; stop(): void } {
  const unanswered = new WeakSet<WebSocket>();
  const timer = setInterval(() => {
    for (const ws of clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (unanswered.has(ws)) {
        ws.terminate();
        continue;
      }
      unanswered.add(ws);
      ws.ping();
    }
  }, everyMs);
  timer.unref();
  return {
    watch: (ws) => void ws.on('pong', () => unanswered.delete(ws)),
    stop: () => clearInterval(timer),
  };
}

/** A failure that is Spindle's bug, not the client's: logged with its stack, the server keeps serving. */
function reportBug(where: string, e: unknown): void {
  console.error(`spindle web: unexpected error in ${where} (the server keeps running):`, e);
}
