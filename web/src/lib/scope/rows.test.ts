import { describe, expect, it } from 'vitest';
import { figuresFromArray } from '@ecc/shared';
import type { Figures } from '@ecc/shared';
import { DEFAULT_SORT, buildRows, filterRows, sortRows, toggleSort } from './rows.js';

const fig = (registered: number, voted: number, areas = 10, reporting = 0): Figures => ({
  ...figuresFromArray([]),
  registered,
  voted,
  areas,
  reporting,
});
const named = [
  { id: '01', name: 'Hà Nội', ...fig(1000, 700, 10, 10) },
  { id: '31', name: 'Hải Phòng', ...fig(1000, 500, 10, 4) },
  { id: '79', name: 'Thành phố Hồ Chí Minh', ...fig(1000, 600, 10, 8) },
];

describe('buildRows', () => {
  it('takes names from the snapshot and figures from the live stream when present', () => {
    const rows = buildRows(named, { '31': fig(1000, 900, 10, 10), '99': fig(10, 1) });
    expect(rows.find((r) => r.id === '31')).toMatchObject({ name: 'Hải Phòng', turnout: 9000, reporting: 1 });
    expect(rows.find((r) => r.id === '01')?.turnout).toBe(7000);
    expect(rows.find((r) => r.id === '99')?.name).toBe('99');
  });
  it('rounds turnout the law’s way (hundredths, half up)', () => {
    const [r] = buildRows([{ id: 'x', name: 'x', ...fig(100_000, 22_565) }], null);
    expect(r?.turnout).toBe(2257);
  });
});

describe('sortRows', () => {
  const rows = buildRows(named, null);
  it('puts the lowest turnout first by default', () => {
    expect(sortRows(rows, DEFAULT_SORT).map((r) => r.id)).toEqual(['31', '79', '01']);
  });
  it('sorts by Vietnamese name and by reporting share, both ways', () => {
    expect(sortRows(rows, { key: 'name', dir: 'asc' }).map((r) => r.name)).toEqual([
      'Hà Nội',
      'Hải Phòng',
      'Thành phố Hồ Chí Minh',
    ]);
    expect(sortRows(rows, { key: 'reporting', dir: 'desc' }).map((r) => r.id)).toEqual(['01', '79', '31']);
  });
  it('breaks ties by name so the order is stable', () => {
    const tied = buildRows(
      [
        { id: 'b', name: 'Bắc', ...fig(10, 5) },
        { id: 'a', name: 'An', ...fig(10, 5) },
      ],
      null,
    );
    expect(sortRows(tied, DEFAULT_SORT).map((r) => r.id)).toEqual(['a', 'b']);
    expect(sortRows(tied, { key: 'turnout', dir: 'desc' }).map((r) => r.id)).toEqual(['a', 'b']);
  });
});

describe('filterRows', () => {
  const rows = buildRows(named, null);
  it('finds names without diacritics or case, and codes', () => {
    expect(filterRows(rows, 'ha noi').map((r) => r.id)).toEqual(['01']);
    expect(filterRows(rows, 'HA NOI').map((r) => r.id)).toEqual(['01']);
    expect(filterRows(rows, 'ho chi minh').map((r) => r.id)).toEqual(['79']);
    expect(filterRows(rows, '31').map((r) => r.id)).toEqual(['31']);
    expect(filterRows(rows, '')).toHaveLength(3);
  });
});

describe('toggleSort', () => {
  it('flips the active column and starts a new one ascending', () => {
    expect(toggleSort(DEFAULT_SORT, 'turnout')).toEqual({ key: 'turnout', dir: 'desc' });
    expect(toggleSort({ key: 'turnout', dir: 'desc' }, 'name')).toEqual({ key: 'name', dir: 'asc' });
  });
});
