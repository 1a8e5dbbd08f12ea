import { describe, expect, it } from 'vitest';
import type { PlanItem } from './plan.js';
import { BATCH_MAX_ITEMS, pool, toRequests } from './send.js';
import type { SimTokens } from './tokens.js';

const tokens: SimTokens = {
  nation: 'tn',
  provinces: new Map([
    ['01', 't01'],
    ['31', 't31'],
  ]),
  areas: new Map([['00004-0001', 'ta1']]),
};

function item(i: number, over: Partial<PlanItem> = {}): PlanItem {
  const n = String(1 + (i % 9999)).padStart(4, '0');
  return {
    areaId: `00004-${n}`,
    provinceCode: '01',
    at: '2026-03-15T09:12:34+07:00',
    voted: 1234,
    key: `sim.qh16-2026.00004-${n}.${i}`,
    kind: 'report',
    expect: 'accept',
    codes: [],
    via: 'batch',
    sendAtMs: 0,
    ...over,
  };
}

describe('requests of one tick', () => {
  it("batch per province with that committee's token, under the item and 256 KB limits", () => {
    const items = [
      ...Array.from({ length: 2500 }, (_, i) => item(i)),
      item(1, { provinceCode: '31', areaId: '11948-0001' }),
    ];
    const reqs = toRequests(items, tokens);
    const batches = reqs.filter((r) => r.via === 'batch');
    expect(batches.reduce((s, r) => s + r.items.length, 0)).toBe(2501);
    for (const r of batches) {
      expect(r.items.length).toBeLessThanOrEqual(BATCH_MAX_ITEMS);
      const body = JSON.stringify({
        reports: r.items.map((x) => ({ idempotencyKey: x.key, pollingAreaId: x.areaId, voted: x.voted, at: x.at })),
      });
      expect(Buffer.byteLength(body)).toBeLessThan(256 * 1024);
      expect(r.token).toBe(r.items[0]!.provinceCode === '01' ? 't01' : 't31');
    }
  });

  it("sends a team's own reports and corrections one by one with its token (or its committee's)", () => {
    const reqs = toRequests(
      [item(0, { via: 'single' }), item(1, { via: 'batch', kind: 'correction', reason: 'Nhập nhầm số liệu' })],
      tokens,
    );
    expect(reqs.map((r) => [r.via, r.token, r.items.length])).toEqual([
      ['single', 'ta1', 1],
      ['single', 't01', 1],
    ]);
  });

  it('runs at most `limit` tasks at once, all of them', async () => {
    let inFlight = 0;
    let peak = 0;
    let done = 0;
    const task = async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      done++;
    };
    await pool(
      Array.from({ length: 50 }, () => task),
      8,
    );
    expect(peak).toBe(8);
    expect(done).toBe(50);
  });
});
