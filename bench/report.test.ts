import { describe, expect, it } from 'vitest';
import { passes, ratio, toMarkdown, toResults } from './report.js';
import type { Figure, Machine } from './report.js';

const figures: Figure[] = [
  {
    name: 'single_reports_per_s',
    label: 'One-by-one: reports/s',
    value: 6000,
    unit: 'reports/s',
    target: { op: '>=', value: 5000 },
    ceiling: 8000,
  },
  {
    name: 'single_burst_s',
    label: 'One-by-one: total',
    value: 16.5,
    unit: 's',
    target: { op: '<', value: 15 },
    ceiling: 9,
  },
  { name: 'redis_used_memory_mb', label: 'Redis used_memory', value: 512.3, unit: 'MB', target: null, ceiling: null },
];
const machine: Machine = {
  cpu: 'AMD EPYC',
  cores: 2,
  ramGb: 23.5,
  node: 'v20.20.2',
  redis: '7.0.15',
  date: '2026-03-15T02:00:00.000Z',
  command: 'npm run bench',
  durationS: 240,
  load: '0.1 / 0.2 / 0.3 at the start, 1.9 / 1.2 / 0.6 at the end',
};

describe('bench report writer', () => {
  it('writes results.json entries with value, unit, target and ceiling (null where none)', () => {
    expect(toResults(figures)).toEqual({
      single_reports_per_s: { value: 6000, unit: 'reports/s', target: '>= 5000', ceiling: 8000 },
      single_burst_s: { value: 16.5, unit: 's', target: '< 15', ceiling: 9 },
      redis_used_memory_mb: { value: 512.3, unit: 'MB', target: null, ceiling: null },
    });
  });

  it('judges targets and ratios', () => {
    expect(figures.map(passes)).toEqual([true, false, null]);
    expect(figures.map(ratio)).toEqual([0.75, 16.5 / 9, null]);
  });

  it('renders the machine and one table row per figure, with pass/fail', () => {
    const md = toMarkdown(figures, machine, ['a note']);
    expect(md).toContain('- CPU: AMD EPYC, 2 cores; RAM 23.5 GB');
    expect(md).toContain('- Node v20.20.2, Redis 7.0.15');
    expect(md).toContain('| Figure | Value | Target | Ceiling (same run) | Ratio | Result |');
    expect(md).toContain('| One-by-one: reports/s | 6,000 reports/s | ≥ 5,000 | 8,000 | 0.75 | pass |');
    expect(md).toContain('| One-by-one: total | 16.5 s | < 15 | 9 | 1.83 | **FAIL** |');
    expect(md).toContain('| Redis used_memory | 512 MB | — | — | — | — |');
    expect(md).toContain('Targets missed: One-by-one: total.');
    expect(md).toContain('- a note');
  });
});
