// Hand-written HTTP requests and WebSocket frames for the browser-mode tests
// (server.test.ts, e2e/integration/web-fuzz.test.ts): they must send what no
// well-behaved client library would, so they speak bytes over node:net.
import net from 'node:net';

export interface RawReply {
  /** Status of the first response, 0 when none came. */
  status: number;
  /** Status line and headers of the first response. */
  head: string;
  /** Everything after the first header block (a body, or WebSocket frames after a 101). */
  rest: Buffer;
  /** The server ended the connection (rather than the client giving up at its deadline). */
  closedByServer: boolean;
  /** Milliseconds from connecting until the server closed, or until the deadline. */
  elapsedMs: number;
}

export interface RawOptions {
  /** Pause between the pieces written (a trickle). */
  pauseMs?: number;
  /** Give up and close after this long. */
  timeoutMs?: number;
  /** Close right after the last piece is written, without waiting for an answer (a cut request). */
  hangUp?: boolean;
  /** Called once the first response's headers are complete (e.g. to write frames after a 101). */
  onHead?: (socket: net.Socket, head: string) => void;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** Writes the pieces to 127.0.0.1:port and collects what comes back until the server closes or the deadline. */
export function rawExchange(port: number, pieces: Array<string | Buffer>, opts: RawOptions = {}): Promise<RawReply> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  return new Promise((resolve) => {
    const started = Date.now();
    const chunks: Buffer[] = [];
    let closedByServer = false;
    let headSeen = false;
    const socket = net.connect({ host: '127.0.0.1', port });
    const finish = (): void => {
      clearTimeout(deadline);
      socket.destroy();
      resolve(toReply(Buffer.concat(chunks), closedByServer, Date.now() - started));
    };
    const deadline = setTimeout(finish, timeoutMs);
    socket.on('data', (d) => {
      chunks.push(d);
      if (!headSeen && Buffer.concat(chunks).includes(HEAD_END)) {
        headSeen = true;
        opts.onHead?.(socket, splitHead(Buffer.concat(chunks)).head);
      }
    });
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('error', () => {
      closedByServer = true; // reset by the server
      finish();
    });
    socket.on('connect', () => void writePieces(socket, pieces, opts.pauseMs ?? 0).then(() => opts.hangUp && finish()));
  });
}

async function writePieces(socket: net.Socket, pieces: Array<string | Buffer>, pauseMs: number): Promise<void> {
  for (const [i, piece] of pieces.entries()) {
    if (socket.destroyed) return;
    if (i > 0 && pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    if (socket.destroyed || !socket.writable) return;
    socket.write(piece);
  }
}

function splitHead(all: Buffer): { head: string; rest: Buffer } {
  const at = all.indexOf(HEAD_END);
  if (at < 0) return { head: all.toString('latin1'), rest: Buffer.alloc(0) };
  return { head: all.subarray(0, at).toString('latin1'), rest: all.subarray(at + HEAD_END.length) };
}

function toReply(all: Buffer, closedByServer: boolean, elapsedMs: number): RawReply {
  const { head, rest } = splitHead(all);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  return { status, head, rest, closedByServer, elapsedMs };
}

/** A plain request; headers are written exactly as given (duplicates, odd spacing and all). */
export function httpRequest(method: string, target: string, headers: string[], version = 'HTTP/1.1', body = ''): string {
  return `${method} ${target} ${version}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}`;
}

export interface UpgradeSpec {
  port: number;
  path?: string;
  host?: string | null;
  origin?: string | null;
  token?: string;
  key?: string | null;
  version?: string;
  extra?: string[];
}

/** A WebSocket upgrade request; null drops a header, anything else replaces the right value. */
export function upgradeRequest(spec: UpgradeSpec): string {
  const host = spec.host === undefined ? `127.0.0.1:${spec.port}` : spec.host;
  const origin = spec.origin === undefined ? `http://127.0.0.1:${spec.port}` : spec.origin;
  const key = spec.key === undefined ? 'dGhlIHNhbXBsZSBub25jZQ==' : spec.key;
  const path = spec.path ?? `/api?token=${spec.token ?? ''}`;
  const headers = [
    ...(host === null ? [] : [`Host: ${host}`]),
    'Upgrade: websocket',
    'Connection: Upgrade',
    ...(key === null ? [] : [`Sec-WebSocket-Key: ${key}`]),
    `Sec-WebSocket-Version: ${spec.version ?? '13'}`,
    ...(origin === null ? [] : [`Origin: ${origin}`]),
    ...(spec.extra ?? []),
  ];
  return httpRequest('GET', path, headers);
}

export interface FrameSpec {
  opcode: number;
  payload?: Buffer | string;
  fin?: boolean;
  /** Clients must mask; false sends a frame the server must refuse. */
  mask?: boolean;
  /** RSV1-3 bits (0-7); non-zero without an extension is a protocol error. */
  rsv?: number;
  /** The length written in the header, when it should lie about the payload. */
  claimedLength?: bigint;
}

/** One WebSocket frame as a client would send it (masked unless told otherwise). */
export function wsFrame(spec: FrameSpec): Buffer {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload) : (spec.payload ?? Buffer.alloc(0));
  const mask = spec.mask ?? true;
  const length = spec.claimedLength ?? BigInt(payload.length);
  const first = ((spec.fin ?? true) ? 0x80 : 0) | (((spec.rsv ?? 0) & 7) << 4) | (spec.opcode & 0x0f);
  const maskBit = mask ? 0x80 : 0;
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, maskBit | Number(length)]);
  else if (length < 65536n) {
    header = Buffer.alloc(4);
    header.writeUInt8(first, 0);
    header.writeUInt8(maskBit | 126, 1);
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(first, 0);
    header.writeUInt8(maskBit | 127, 1);
    header.writeBigUInt64BE(length, 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
  const masked = Buffer.from(payload.map((b, i) => b ^ (key[i % 4] ?? 0)));
  return Buffer.concat([header, key, masked]);
}

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** The complete (unmasked) frames a server sent; a cut last frame is left out. */
export function parseServerFrames(data: Buffer): ServerFrame[] {
  const frames: ServerFrame[] = [];
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = (data[at] ?? 0) & 0x0f;
    let length = (data[at + 1] ?? 0) & 0x7f;
    let start = at + 2;
    if (length === 126) {
      if (start + 2 > data.length) break;
      length = data.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      if (start + 8 > data.length) break;
      length = Number(data.readBigUInt64BE(start));
      start += 8;
    }
    if (start + length > data.length) break;
    frames.push({ opcode, payload: data.subarray(start, start + length) });
    at = start + length;
  }
  return frames;
}

/** The close frame's code and reason, if the server sent one. */
export function closeFrameOf(frames: ServerFrame[]): { code: number; reason: string } | null {
  const f = frames.find((x) => x.opcode === 0x8);
  if (!f) return null;
  return { code: f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 1005, reason: f.payload.subarray(2).toString('utf8') };
}
