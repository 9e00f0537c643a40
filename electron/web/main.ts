// `npm run web`: browser mode. Prints the URL (with its one-run token) to open.
import { parseArgs } from 'node:util';
import { startWebServer, type WebServer } from './server.ts';

const USAGE = 'usage: spindle web [--port N] [--static-dir DIR]';

function parseOptions(): { port: number; staticDir: string | undefined } {
  let values: { port?: string; 'static-dir'?: string };
  try {
    ({ values } = parseArgs({ options: { port: { type: 'string' }, 'static-dir': { type: 'string' } }, strict: true }));
  } catch (e) {
    console.error(`spindle web: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const port = values.port ? Number(values.port) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`spindle web: --port must be 0-65535, not ${values.port}\n${USAGE}`);
    process.exit(2);
  }
  return { port, staticDir: values['static-dir'] };
}

/** Starts the server, or exits with what went wrong and what to do (a taken port is the usual case). */
async function start(port: number, staticDir: string | undefined): Promise<WebServer> {
  try {
    return await startWebServer({ port, ...(staticDir ? { staticDir } : {}) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? `port ${port} on 127.0.0.1 is already in use; stop the program using it or pick another --port (or leave --port out for a free one)`
        : code === 'EACCES'
          ? `not allowed to listen on port ${port}; ports below 1024 need root, pick a higher --port`
          : (e as Error).message;
    console.error(`spindle web: cannot start: ${why}`);
    process.exit(1);
  }
}

const { port, staticDir } = parseOptions();
const server = await start(port, staticDir);
console.log(`Spindle is running in browser mode. Open this address (it contains a one-time token; keep it private):\n\n  ${server.url}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
