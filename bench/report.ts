/**
 * Writes the two outputs of `npm run bench`: bench/results.json (machine-readable, one entry per figure) and
 * BENCHMARKS.md (the machine, then one table: figure, target, same-run ceiling, ratio, pass/fail, then notes).
 * Pure formatting functions are exported for report.test.ts; only writeReport touches the disk.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Target {
  op: '>=' | '<=' | '<';
  value: number;
}

export interface Figure {
  /** Key in results.json, snake_case with its unit in mind (e.g. single_reports_per_s). */
  name: string;
  /** What a reader sees in the table. */
  label: string;
  value: number;
  unit: string;
  target: Target | null;
  /** The same quantity for the bare floor, measured in the same run; null where none applies. */
  ceiling: number | null;
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  redis: string;
  date: string;
  command: string;
  durationS: number;
  /** Load average (1 / 5 / 15 min) at the start and end: the machine is shared, so noise is part of the record. */
  load: string;
}

export interface ResultEntry {
  value: number;
  unit: string;
  target: string | null;
  ceiling: number | null;
}

export const targetText = (t: Target | null): string | null => (t ? `${t.op} ${t.value}` : null);

export function passes(f: Figure): boolean | null {
  if (!f.target) return null;
  const { op, value } = f.target;
  return op === '>=' ? f.value >= value : op === '<=' ? f.value <= value : f.value < value;
}

/** value / ceiling: for rates, the share of the floor reached; for times and sizes, how many times the floor. */
export function ratio(f: Figure): number | null {
  return f.ceiling ? f.value / f.ceiling : null;
}

export function toResults(figures: readonly Figure[]): Record<string, ResultEntry> {
  return Object.fromEntries(
    figures.map((f) => [f.name, { value: f.value, unit: f.unit, target: targetText(f.target), ceiling: f.ceiling }]),
  );
}

/** Thousands separators, at most 2 decimals: figures are read, not computed with. */
export const num = (x: number): string =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: Math.abs(x) >= 100 ? 0 : 2 }) : String(x);

function row(f: Figure): string {
  const r = ratio(f);
  const p = passes(f);
  const target = f.target
    ? `${f.target.op === '>=' ? '≥' : f.target.op === '<=' ? '≤' : '<'} ${num(f.target.value)}`
    : '—';
  const cells = [
    f.label,
    `${num(f.value)} ${f.unit}`,
    target,
    f.ceiling === null ? '—' : num(f.ceiling),
    r === null ? '—' : r.toFixed(2),
    p === null ? '—' : p ? 'pass' : '**FAIL**',
  ];
  return `| ${cells.join(' | ')} |`;
}

export function toMarkdown(figures: readonly Figure[], m: Machine, notes: readonly string[]): string {
  const failed = figures.filter((f) => passes(f) === false);
  return [
    '# Benchmarks',
    '',
    'Produced by `npm run bench` (bench/run.ts); the same figures are in bench/results.json. Load generator,',
    'server and Redis share one machine, so each figure stands beside a ceiling measured in the same run on the',
    'bare floor (Express + one HINCRBY, the ingest script called directly, one raw Socket.io hop). Ratio is',
    'value / ceiling: the share of the floor reached for rates, how many times the floor for times.',
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu}, ${m.cores} cores; RAM ${m.ramGb.toFixed(1)} GB`,
    `- Node ${m.node}, Redis ${m.redis} (fresh, AOF appendfsync always)`,
    `- Date: ${m.date}; command: \`${m.command}\`; whole run ${Math.round(m.durationS)} s`,
    `- Load average (1 / 5 / 15 min): ${m.load}`,
    '',
    '## Figures',
    '',
    '| Figure | Value | Target | Ceiling (same run) | Ratio | Result |',
    '|---|---|---|---|---|---|',
    ...figures.map(row),
    '',
    failed.length ? `Targets missed: ${failed.map((f) => f.label).join('; ')}.` : 'Every target met.',
    '',
    '## Notes',
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}

/** Sections other benchmarks append (`npm run bench:wall`, `bench:day`, `bench:public`), kept when this one rewrites its own. */
const FOREIGN_SECTION = /\n## (Wall display|Full national day|Public lookup)\n[\s\S]*$/;

export function writeReport(dir: string, figures: readonly Figure[], m: Machine, notes: readonly string[]): void {
  const jsonPath = join(dir, 'bench', 'results.json');
  const mdPath = join(dir, 'BENCHMARKS.md');
  const old = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>) : {};
  const kept = Object.fromEntries(Object.entries(old).filter(([k]) => /^(wall|fullday|public)_/.test(k)));
  writeFileSync(jsonPath, `${JSON.stringify({ ...toResults(figures), ...kept }, null, 2)}\n`);
  const foreign = existsSync(mdPath) ? (FOREIGN_SECTION.exec(readFileSync(mdPath, 'utf8'))?.[0] ?? '') : '';
  writeFileSync(mdPath, `${toMarkdown(figures, m, notes).replace(/\n*$/, '\n')}${foreign}`);
}

/** One line per figure as soon as it is measured. */
export function printFigure(f: Figure): void {
  const r = ratio(f);
  const p = passes(f);
  console.log(
    `  ▸ ${f.label}: ${num(f.value)} ${f.unit}` +
      (f.ceiling !== null ? `  (ceiling ${num(f.ceiling)}, ratio ${r?.toFixed(2)})` : '') +
      (f.target ? `  target ${targetText(f.target)} → ${p ? 'pass' : 'FAIL'}` : ''),
  );
}
