import { describe, expect, it } from 'vitest';
import { silentSummary } from './reads.js';

describe('silentSummary', () => {
  const grouped = {
    count: 5,
    threshold: '2026-03-15T08:40:00.000+07:00',
    asOf: '2026-03-15T09:00:00.000+07:00',
    byChild: { '01': 3, '04': 2 },
  };

  it('takes the counts per place from the server’s groupBy=child answer, no ids needed', () => {
    const s = silentSummary(grouped, null);
    expect(s.count).toBe(5);
    expect(s.threshold).toBe(Date.parse('2026-03-15T01:40:00Z'));
    expect([...s.byPlace]).toEqual([
      ['01', 3],
      ['04', 2],
    ]);
    expect(s.ids.size).toBe(0);
  });

  it('keeps the focused commune’s silent ids for its map points, and a null threshold before any checkpoint', () => {
    const commune = {
      threshold: null,
      count: 2,
      areas: [
        { id: '00004-1', lastAt: null },
        { id: '00004-7', lastAt: null },
      ],
    };
    const s = silentSummary({ ...grouped, threshold: null }, commune);
    expect(s.threshold).toBeNull();
    expect([...s.ids]).toEqual(['00004-1', '00004-7']);
  });
});
