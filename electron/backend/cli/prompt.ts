// Terminal prompts for the CLI. Secrets are read without echo and never logged.
import readline from 'node:readline';

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function askLine(question: string, io: { out: (s: string) => void }): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  io.out(question);
  return new Promise((resolve) => {
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    rl.once('close', () => resolve(''));
  });
}

export async function askSecret(question: string, io: { out: (s: string) => void }): Promise<string> {
  if (!process.stdin.isTTY) return readStdin().then((s) => s.replace(/\r?\n$/, ''));
  io.out(question);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  let value = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      for (const ch of d.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          cleanup();
          io.out('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          cleanup();
          reject(new Error('cancelled'));
          return;
        }
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const cleanup = (): void => {
      process.stdin.off('data', onData);
      process.stdin.setRawMode(false);
      process.stdin.pause();
    };
    process.stdin.on('data', onData);
  });
}
