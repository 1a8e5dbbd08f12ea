import { describe, expect, it } from 'vitest';
import type { Incident } from '@ecc/shared';
import { clusterPoints, incidentPoint } from './cluster.js';

describe('incident markers on the wall map', () => {
  it('groups points of one grid cell, at their mean, with the worst severity', () => {
    const c = clusterPoints(
      [
        { id: 'a', lat: 21.01, lon: 105.81, severity: 'low' },
        { id: 'b', lat: 21.03, lon: 105.83, severity: 'critical' },
        { id: 'c', lat: 10.77, lon: 106.7, severity: 'medium' },
      ],
      0.1,
    );
    expect(c).toHaveLength(2);
    expect(c[0]).toMatchObject({ count: 2, severity: 'critical', ids: ['a', 'b'] });
    expect(c[0]!.lat).toBeCloseTo(21.02);
    expect(
      clusterPoints(
        [
          { id: 'a', lat: 21.01, lon: 105.81, severity: 'low' },
          { id: 'b', lat: 21.03, lon: 105.83, severity: 'low' },
        ],
        0.01,
      ),
    ).toHaveLength(2);
  });
  it('places an incident at its GPS position, else at its polling area, else nowhere', () => {
    const base = { id: '01-00018', severity: 'high', pollingAreaId: '00004-0001' } as Incident;
    expect(incidentPoint({ ...base, lat: 21, lon: 105 }, {})).toMatchObject({ lat: 21, lon: 105 });
    expect(incidentPoint(base, { '00004-0001': [105.84, 21.03] })).toMatchObject({ lat: 21.03, lon: 105.84 });
    expect(incidentPoint({ ...base, pollingAreaId: undefined } as unknown as Incident, {})).toBeNull();
  });
});
