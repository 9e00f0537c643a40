// `npm run web`: browser mode. Prints the URL (with its one-run token) to open.
import { parseArgs } from 'node:util';
import { startWebServer } from './server.ts';

const { values } = parseArgs({ options: { port: { type: 'string' } }, strict: true });
const port = values.port ? Number(values.port) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`spindle web: --port must be 0-65535, not ${values.port}`);
  process.exit(2);
}
const server = await startWebServer({ port });
console.log(`Spindle is running in browser mode. Open this address (it contains a one-time token; keep it private):\n\n  ${server.url}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
