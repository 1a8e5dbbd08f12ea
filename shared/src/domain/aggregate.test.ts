import { describe, expect, it } from 'vitest';
import { aggregateAreas } from './aggregate.js';

const area = (id: string, registered: number, voted: number) => ({
  id,
  communeCode: id.slice(0, 5),
  provinceCode: id.startsWith('0') ? '01' : '79',
  registered,
  registeredCc: registered - 1,
  voted,
  reported: voted > 0,
  lastAt: voted,
});

describe('aggregation (election-vn.md §2.7: totals = Σ of polling areas; §3.1 areas and communes at 100 %)', () => {
  it('§2.7 sums areas into communes, provinces and the nation', () => {
    const t = aggregateAreas([area('00004-0001', 100, 100), area('00004-0002', 50, 10), area('26734-0001', 30, 30)]);
    expect(t.get('commune:00004')).toMatchObject({
      registered: 150,
      voted: 110,
      areas: 2,
      reporting: 2,
      full: 1,
      communes: 1,
      communesFull: 0,
    });
    expect(t.get('commune:26734')).toMatchObject({ communesFull: 1 });
    expect(t.get('nation')).toMatchObject({
      registered: 180,
      registeredCc: 177,
      voted: 140,
      areas: 3,
      full: 2,
      communes: 2,
      communesFull: 1,
      lastAt: 100,
    });
    expect(t.get('province:79')).toMatchObject({ communes: 1, communesFull: 1 });
  });
});
