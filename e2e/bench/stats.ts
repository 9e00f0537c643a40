// npm run bench:stats — backend CPU time per tick (50 domains x 4 disks, real
// tick code on replayed samples) and renderer time per tick with 20 charts
// open in Chromium. Ends with one line:
//   bench:stats domains=50 disks=200 backend_ms_per_tick=<n> render_ms_per_tick=<n>
import { backendMsPerTick, DISKS, DOMAINS } from './stats-backend.ts';

async function main(): Promise<void> {
  const b = await backendMsPerTick();
  console.log(`backend: ${b.backendMs.toFixed(2)} ms/tick for the whole tick (target 20); parsing alone ${b.parseMs.toFixed(2)} ms vs ${b.baselineParseMs.toFixed(2)} ms with the inventory's general domstats parser (baseline), ratio ${(b.baselineParseMs / b.parseMs).toFixed(2)}`);
  let render = NaN;
  try {
    const mod = await import('./stats-render.ts');
    const r = await mod.measureStatsRender();
    console.log(mod.describeRender(r));
    render = r.renderMsPerTick;
  } catch (e) {
    console.error(`render half failed: ${(e as Error).message}`);
  }
  console.log(`bench:stats domains=${DOMAINS} disks=${DOMAINS * DISKS} backend_ms_per_tick=${b.backendMs.toFixed(2)} render_ms_per_tick=${render.toFixed(2)}`);
}

await main();
