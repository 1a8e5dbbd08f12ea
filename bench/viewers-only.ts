/**
 * `npm run bench:viewers`: only the viewer, scale-out and overload stages of `npm run bench` (5–7) on a fresh
 * national stack, printing their figures without writing BENCHMARKS.md — for working on the fan-out path.
 */
import { TurnoutStore } from '../server/src/store/turnout.store.js';
import { Day } from './day.js';
import { printFigure } from './report.js';
import type { Target } from './report.js';
import { installCleanup, startStack } from './stack.js';
import { overloadStage } from './stage-overload.js';
import { scaleOutStage } from './stage-scaleout.js';
import { viewerStage } from './stage-viewers.js';

installCleanup();
const started = Date.now();
const log = (s: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${s}`);
const stack = await startStack(log);
const store = new TurnoutStore(stack.admin);
await store.load();
const notes: string[] = [];
const context = {
  server: stack.server,
  redisUrl: stack.redisProc.url,
  data: stack.data,
  day: new Day(stack.data.areas, stack.teamTokens),
  store,
  log,
  notes,
  quiet: async () => {},
  fig: (name: string, label: string, value: number, unit: string, target?: Target, ceiling?: number) =>
    printFigure({ name, label, value, unit, target: target ?? null, ceiling: ceiling ?? null }),
};
try {
  await viewerStage(context);
  if (!process.argv.includes('--no-scaleout')) await scaleOutStage(context);
  await overloadStage(context, stack.nationToken);
  for (const note of notes) console.log(`\n${note}`);
} finally {
  await stack.stop();
}
process.exit(0);
