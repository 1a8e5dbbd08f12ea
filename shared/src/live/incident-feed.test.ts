import { describe, expect, it } from 'vitest';
import type { Incident } from '../schemas/incident.js';
import { IncidentScopeState } from './incident-feed.js';

const inc = (id: string, version: number, createdAt = 1): Incident => ({
  id,
  category: 'other',
  severity: 'low',
  state: 'new',
  province: '01',
  observedAt: '2026-03-15T08:00:00+07:00',
  createdAt,
  updatedAt: createdAt,
  reporter: 'r',
  reporterRole: 'security-liaison',
  description: 'd',
  photos: [],
  duplicates: [],
  version,
});

describe('§7 incident feed by sequence (decision 0002 applied to incidents)', () => {
  it('applies seq + 1, ignores older, reports a gap', () => {
    const s = new IncidentScopeState('nation', 10);
    expect(s.applyUpdate({ scope: 'nation', seq: 1, counts: {}, incidents: [] })).toBe('ignored');
    s.applySnapshot({ scope: 'nation', seq: 4, counts: { 'new:low': 1 }, incidents: [inc('01-00018', 1)] });
    expect(s.applyUpdate({ scope: 'nation', seq: 4, counts: {}, incidents: [] })).toBe('ignored');
    expect(s.applyUpdate({ scope: 'nation', seq: 6, counts: {}, incidents: [] })).toBe('gap');
    expect(
      s.applyUpdate({ scope: 'nation', seq: 5, counts: { 'new:low': 2 }, incidents: [inc('01-00026', 1, 2)] }),
    ).toBe('applied');
    expect(s.list().map((i) => i.id)).toEqual(['01-00026', '01-00018']);
    expect(s.counts).toEqual({ 'new:low': 2 });
  });
  it('never replaces a newer version with an older one, and keeps at most `limit` incidents', () => {
    const s = new IncidentScopeState('nation', 2);
    s.applySnapshot({ scope: 'nation', seq: 0, counts: {}, incidents: [inc('a', 3)] });
    s.applyUpdate({ scope: 'nation', seq: 1, counts: {}, incidents: [inc('a', 2)] });
    expect(s.byId.get('a')!.version).toBe(3);
    s.applyUpdate({ scope: 'nation', seq: 2, counts: {}, incidents: [inc('b', 1, 5), inc('c', 1, 6)] });
    expect(s.list().map((i) => i.id)).toEqual(['c', 'b']);
  });
});
