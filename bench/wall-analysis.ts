/**
 * Pure parts of `npm run bench:wall` (tested in wall-analysis.test.ts): when each province's map class should
 * change during the burst, matching those moments to what the browser painted, the longest main-thread task in
 * a Chromium trace, and merging the figures into BENCHMARKS.md and bench/results.json without clobbering the
 * other benchmarks' figures.
 */
import { TURNOUT_COLORS, turnoutClass } from '../web/src/lib/map/colors.js';
import { percentile } from './burst.js';

export interface ProvinceStart {
  code: string;
  voted: number;
  registered: number;
  reporting: number;
}

/** One accepted batch: when its response arrived (epoch ms) and each item's province and voter increase. */
export interface AcceptedBatch {
  at: number;
  items: { province: string; deltaVoted: number; newlyReporting: number }[];
}

/** The moment a province's figures entered class `cls` (by the reporter's clock: the batch's response). */
export interface Transition {
  province: string;
  cls: number;
  at: number;
}

/** Replays the accepted batches in the order their responses arrived and notes every class change. */
export function expectedTransitions(start: readonly ProvinceStart[], batches: readonly AcceptedBatch[]): Transition[] {
  const state = new Map(start.map((p) => [p.code, { ...p }]));
  const cls = new Map(start.map((p) => [p.code, turnoutClass(p.voted, p.registered, p.reporting)]));
  const out: Transition[] = [];
  for (const b of [...batches].sort((x, y) => x.at - y.at)) {
    const touched = new Set<string>();
    for (const it of b.items) {
      const p = state.get(it.province);
      if (!p) continue;
      p.voted += it.deltaVoted;
      p.reporting += it.newlyReporting;
      touched.add(it.province);
    }
    for (const code of touched) {
      const p = state.get(code)!;
      const c = turnoutClass(p.voted, p.registered, p.reporting);
      if (c !== cls.get(code)) {
        cls.set(code, c);
        out.push({ province: code, cls: c, at: b.at });
      }
    }
  }
  return out;
}

/** A province fill the page painted: [province code, colour, epoch ms of the frame after the change]. */
export type Painted = [string, string, number];

export function classOfColor(color: string): number {
  return (TURNOUT_COLORS as readonly string[]).indexOf(color);
}

export interface DelayResult {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Transitions the page showed before the reporter had the response (counted as 0 ms). */
  beforeResponse: number;
  /** Transitions the page never showed (class reached or passed). */
  missing: number;
}

/**
 * For each expected transition, the first painted colour of that province at or above the class (turnout only
 * rises in the burst, so a coalesced update that skips a class still counts for it).
 */
export function colourDelays(transitions: readonly Transition[], painted: readonly Painted[]): DelayResult {
  const byProvince = new Map<string, Painted[]>();
  for (const p of [...painted].sort((a, b) => a[2] - b[2])) byProvince.set(p[0], [...(byProvince.get(p[0]) ?? []), p]);
  const delays: number[] = [];
  let beforeResponse = 0;
  let missing = 0;
  for (const t of transitions) {
    const hit = (byProvince.get(t.province) ?? []).find((p) => classOfColor(p[1]) >= t.cls);
    if (!hit) {
      missing++;
      continue;
    }
    const d = hit[2] - t.at;
    if (d < 0) beforeResponse++;
    delays.push(Math.max(0, d));
  }
  return {
    samples: delays.length,
    p50Ms: percentile(delays, 50),
    p95Ms: percentile(delays, 95),
    maxMs: delays.length ? Math.max(...delays) : NaN,
    beforeResponse,
    missing,
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

/** The longest top-level task on any renderer main thread of a Chromium trace, in ms (RunTask events). */
export function longestMainThreadTask(trace: { traceEvents: TraceEvent[] }): { ms: number; tasks: number } {
  const main = new Set(
    trace.traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  let longest = 0;
  let tasks = 0;
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask')) continue;
    if (!main.has(`${e.pid}:${e.tid}`)) continue;
    tasks++;
    longest = Math.max(longest, e.dur ?? 0);
  }
  return { ms: longest / 1000, tasks };
}

export interface WallFigure {
  name: string;
  label: string;
  value: number;
  unit: string;
  /** "<= 2000" etc., or null. */
  target: string | null;
}

const pass = (f: WallFigure): string => {
  if (!f.target) return '—';
  const [op, v] = f.target.split(' ') as [string, string];
  const ok = op === '<=' ? f.value <= Number(v) : op === '<' ? f.value < Number(v) : f.value >= Number(v);
  return ok ? 'pass' : '**FAIL**';
};
const num = (x: number) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: Math.abs(x) >= 100 ? 0 : 2 }) : String(x);

export const WALL_HEADING = '## Wall display';

export function wallSection(figures: readonly WallFigure[], context: readonly string[], notes: readonly string[]) {
  return [
    WALL_HEADING,
    '',
    'Produced by `npm run bench:wall` (bench/wall.ts); the same figures are in bench/results.json (`wall_*`).',
    '',
    ...context.map((c) => `- ${c}`),
    '',
    '| Figure | Value | Target | Result |',
    '|---|---|---|---|',
    ...figures.map(
      (f) =>
        `| ${f.label} | ${num(f.value)} ${f.unit} | ${f.target ? f.target.replace('<=', '≤') : '—'} | ${pass(f)} |`,
    ),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}

/** Replaces a section of BENCHMARKS.md (or appends it), leaving every other section as it was. */
export function mergeSection(markdown: string, section: string, heading = WALL_HEADING): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) return `${markdown.replace(/\n*$/, '')}\n\n${section}`;
  const next = markdown.indexOf('\n## ', start + 1 + heading.length);
  const rest = next < 0 ? '' : markdown.slice(next);
  return `${markdown.slice(0, start + 1)}${section.replace(/\n*$/, '\n')}${rest}`;
}

/** Sets the wall figures in results.json's object, keeping the others. */
export function mergeResults(results: Record<string, unknown>, figures: readonly WallFigure[]) {
  const out = { ...results };
  for (const f of figures) out[f.name] = { value: f.value, unit: f.unit, target: f.target, ceiling: null };
  return out;
}
