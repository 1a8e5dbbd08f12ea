import { describe, expect, it } from 'vitest';
import { NO_DATA_COLOR, TURNOUT_COLORS } from '../web/src/lib/map/colors.js';
import {
  colourDelays,
  expectedTransitions,
  longestMainThreadTask,
  mergeResults,
  mergeSection,
  wallSection,
} from './wall-analysis.js';

describe('expectedTransitions', () => {
  it('replays batches in response order and notes each class change with its time', () => {
    const start = [{ code: '01', voted: 250, registered: 1000, reporting: 1 }];
    const t = expectedTransitions(start, [
      { at: 300, items: [{ province: '01', deltaVoted: 300, newlyReporting: 0 }] }, // 66 % → class 2
      { at: 100, items: [{ province: '01', deltaVoted: 100, newlyReporting: 0 }] }, // 35 % → class 1
      { at: 200, items: [{ province: '01', deltaVoted: 10, newlyReporting: 0 }] }, // 36 % → same class
    ]);
    expect(t).toEqual([
      { province: '01', cls: 1, at: 100 },
      { province: '01', cls: 2, at: 300 },
    ]);
  });
});

describe('colourDelays', () => {
  it('matches each transition to the first paint at or above its class', () => {
    const r = colourDelays(
      [
        { province: '01', cls: 1, at: 100 },
        { province: '01', cls: 2, at: 150 },
        { province: '02', cls: 3, at: 100 },
      ],
      [
        ['01', NO_DATA_COLOR, 50],
        ['01', TURNOUT_COLORS[2], 400], // skipped class 1 in one update: serves both
        ['02', TURNOUT_COLORS[3], 90], // before the response: 0 ms
      ],
    );
    expect(r).toMatchObject({ samples: 3, maxMs: 300, beforeResponse: 1, missing: 0 });
  });
  it('counts transitions never painted', () => {
    expect(colourDelays([{ province: '01', cls: 5, at: 0 }], [['01', TURNOUT_COLORS[4], 10]]).missing).toBe(1);
  });
});

describe('longestMainThreadTask', () => {
  it('takes the longest RunTask on a renderer main thread only', () => {
    const trace = {
      traceEvents: [
        { name: 'thread_name', ph: 'M', pid: 1, tid: 2, args: { name: 'CrRendererMain' } },
        { name: 'thread_name', ph: 'M', pid: 1, tid: 3, args: { name: 'Compositor' } },
        { name: 'RunTask', ph: 'X', pid: 1, tid: 2, dur: 12_000 },
        { name: 'RunTask', ph: 'X', pid: 1, tid: 2, dur: 48_500 },
        { name: 'RunTask', ph: 'X', pid: 1, tid: 3, dur: 900_000 },
        { name: 'FunctionCall', ph: 'X', pid: 1, tid: 2, dur: 700_000 },
      ],
    };
    expect(longestMainThreadTask(trace)).toEqual({ ms: 48.5, tasks: 2 });
  });
});

describe('report merging', () => {
  const figures = [{ name: 'wall_x_ms', label: 'X', value: 1234.5, unit: 'ms', target: '<= 2000' }];
  it('appends the wall section once and replaces it on the next run, keeping other sections', () => {
    const md = '# Benchmarks\n\n## Figures\n\nother\n';
    const once = mergeSection(md, wallSection(figures, ['ctx'], ['note']));
    expect(once).toContain('## Figures\n\nother\n');
    expect(once).toContain('| X | 1,235 ms | ≤ 2000 | pass |');
    const twice = mergeSection(once, wallSection([{ ...figures[0]!, value: 3000 }], [], []));
    expect(twice.match(/## Wall display/g)).toHaveLength(1);
    expect(twice).toContain('**FAIL**');
    expect(twice).toContain('## Figures\n\nother\n');
  });
  it('keeps a section that follows the wall section', () => {
    const md = '# B\n\n## Wall display\n\nold\n\n## Later\n\nkeep\n';
    expect(mergeSection(md, '## Wall display\n\nnew\n')).toBe('# B\n\n## Wall display\n\nnew\n\n## Later\n\nkeep\n');
  });
  it('sets the wall figures in results.json and keeps the rest', () => {
    expect(mergeResults({ other: { value: 1 } }, figures)).toEqual({
      other: { value: 1 },
      wall_x_ms: { value: 1234.5, unit: 'ms', target: '<= 2000', ceiling: null },
    });
  });
});
