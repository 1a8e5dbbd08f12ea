import { beforeAll, describe, expect, it } from 'vitest';
import { generateNational, generateSmall, REFERENCE_CURVE_2026, REFERENCE_CURVE_2026_PROVINCES } from '@ecc/fixtures';
import type { ReferenceData } from '@ecc/shared';
import { localInstant, votingWindow } from '@ecc/shared';
import { buildPlan, type Plan, type PlanItem } from './plan.js';

let national: ReferenceData;
let plan: Plan;
let buildMs: number;
/** Items per area, in send order. */
let byArea: Map<string, PlanItem[]>;
/** All items in send order. */
let all: PlanItem[];

beforeAll(() => {
  national = generateNational({ seed: 2026 });
  const t = performance.now();
  plan = buildPlan(national, 2026);
  buildMs = performance.now() - t;
  byArea = new Map();
  all = Array.from({ length: plan.length }, (_, i) => plan.item(i));
  for (const it of all) {
    const list = byArea.get(it.areaId) ?? [];
    list.push(it);
    byArea.set(it.areaId, list);
  }
});

/** Stable fingerprint of a plan: every field of every item, in send order. */
function fingerprint(p: Plan): string[] {
  return Array.from({ length: p.length }, (_, i) => JSON.stringify(p.item(i)));
}

describe('the plan is a pure function of (reference data, seed)', () => {
  it('gives the same plan for the same seed and another for another seed', () => {
    const data = generateSmall({ seed: 2026 });
    const a = fingerprint(buildPlan(data, 2026));
    expect(fingerprint(buildPlan(generateSmall({ seed: 2026 }), 2026))).toEqual(a);
    expect(fingerprint(buildPlan(data, 2027))).not.toEqual(a);
  });

  it('builds the national day quickly at a realistic volume', () => {
    expect(buildMs).toBeLessThan(5000);
    const perArea = plan.counts().report / national.areas.length;
    expect(perArea).toBeGreaterThanOrEqual(8);
    expect(perArea).toBeLessThanOrEqual(14);
    expect(plan.length).toBeGreaterThan(600_000);
    expect(plan.length).toBeLessThan(1_000_000);
  });
});

// A million items: checks collect violations and assert once (an expect per item would take minutes).
describe('every area reports a plausible day', () => {
  it('accepted counts never decrease, stay in the window and under the list, and end at 45 % or more', () => {
    const bad: string[] = [];
    for (const area of national.areas) {
      const items = byArea.get(area.id) ?? [];
      const { open, close } = votingWindow(national.election, area.votingDate);
      const reports = items.filter((x) => x.kind === 'report');
      if (!reports.length) bad.push(`${area.id}: no report`);
      let last = -1;
      let lastAt = -Infinity;
      for (const r of reports) {
        const at = Date.parse(r.at);
        if (at <= lastAt) bad.push(`${area.id} ${r.at}: not after the previous report`);
        if (at < open || at > close) bad.push(`${area.id} ${r.at}: outside the window`);
        if (r.voted < last) bad.push(`${area.id} ${r.at}: ${r.voted} < ${last}`);
        if (r.voted > area.registered.na) bad.push(`${area.id} ${r.at}: above registered`);
        last = r.voted;
        lastAt = at;
      }
      if (last < 0.45 * area.registered.na) bad.push(`${area.id}: ends at ${last}/${area.registered.na}`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('sends in time order: early-voting areas first, each ending at 100 %', () => {
    let unordered = 0;
    for (let i = 1; i < plan.length; i++) if (plan.sendAtMs(i) < plan.sendAtMs(i - 1)) unordered++;
    expect(unordered).toBe(0);
    const day = localInstant(national.election.date, '00:00');
    const early = new Map(national.areas.filter((a) => a.votingDate < national.election.date).map((a) => [a.id, a]));
    expect(early.size).toBeGreaterThan(100);
    const bad: string[] = [];
    for (const [id, items] of byArea) {
      for (const it of items) if (it.sendAtMs < day !== early.has(id)) bad.push(`${id} ${it.at}`);
      const a = early.get(id);
      if (a && items.at(-1)?.voted !== a.registered.na) bad.push(`${id}: early area below 100 %`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('derives idempotency keys from (election, area, seq): unique, except a network retry reuses its report', () => {
    const bad: string[] = [];
    for (const [id, items] of byArea) {
      // Keys embed the area id, so uniqueness per area is uniqueness overall.
      const bodies = new Map<string, string>();
      const prefix = `sim.qh16-2026.${id}.`;
      for (const it of items) {
        if (!it.key.startsWith(prefix) || !/^\d+$/.test(it.key.slice(prefix.length))) bad.push(`${it.key}: shape`);
        const body = `${it.voted}|${it.at}|${it.reason ?? ''}`;
        if (it.kind === 'retry') {
          if (bodies.get(it.key) !== body) bad.push(`${it.key}: retry differs from its report`);
        } else if (bodies.has(it.key)) bad.push(`${it.key}: reused`);
        else bodies.set(it.key, body);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});

describe('imperfections are few, seeded and recognisable', () => {
  const reportsBefore = (items: PlanItem[], it: PlanItem) =>
    items.filter((x) => x.kind === 'report' && Date.parse(x.at) < Date.parse(it.at));

  it('plants wrong reports the server must refuse, and corrections with a reason', () => {
    const c = plan.counts();
    expect(c.retry / c.report).toBeGreaterThan(0.002);
    expect(c.retry / c.report).toBeLessThan(0.004);
    for (const k of ['over', 'decrease', 'window', 'correction'] as const) expect(c[k]).toBeGreaterThanOrEqual(10);
    for (const area of national.areas) {
      const items = byArea.get(area.id) ?? [];
      const { open, close } = votingWindow(national.election, area.votingDate);
      for (const it of items) {
        if (it.kind === 'report' || it.kind === 'retry') continue;
        const prev = reportsBefore(items, it).at(-1);
        if (it.kind === 'over') expect(it.voted).toBeGreaterThan(area.registered.na);
        if (it.kind === 'decrease') expect(it.voted).toBeLessThan(prev!.voted);
        if (it.kind === 'window') expect(Date.parse(it.at) < open || Date.parse(it.at) > close).toBe(true);
        if (it.kind === 'correction') {
          expect(it.reason).toMatch(/[ạảấầđíờ]/);
          expect(it.voted).toBeLessThan(prev!.voted);
          expect(it.via).toBe('single');
        }
      }
    }
  });

  it('leaves some areas silent until evening, some late, a handful of commune-council units near 50 %', () => {
    const eveningOnly = [...byArea.values()].filter((items) => {
      const r = items.filter((x) => x.kind === 'report');
      return r.length === 1 && r[0]!.at.slice(11, 13) >= '19';
    });
    expect(eveningOnly.length / national.areas.length).toBeGreaterThan(0.001);
    expect(eveningOnly.length / national.areas.length).toBeLessThan(0.004);
    const final = plan.finalVoted();
    const nearHalf = national.areas.filter((a) => final.get(a.id)! / a.registered.na < 0.6);
    const units = new Set(nearHalf.map((a) => a.units.cc));
    expect(units.size).toBeGreaterThanOrEqual(3);
    expect(units.size).toBeLessThanOrEqual(10);
    for (const a of nearHalf) expect(final.get(a.id)! / a.registered.na).toBeLessThanOrEqual(0.56);
    const full = national.areas.filter((a) => final.get(a.id) === a.registered.na).length;
    expect(full / national.areas.length).toBeGreaterThan(0.4);
  });
});

describe('the reported national figure follows the published 2026 snapshots (election-vn.md §3.1)', () => {
  /** Turnout (%) a dashboard would show at each instant: the sum of each area's last accepted count. */
  function reportedAt(instants: number[], province?: string): number[] {
    const areas = national.areas.filter((a) => !province || a.provinceCode === province);
    const ids = new Set(areas.map((a) => a.id));
    const registered = areas.reduce((s, a) => s + a.registered.na, 0);
    const last = new Map<string, number>();
    const out: number[] = [];
    let k = 0;
    const snap = () => out.push((100 * [...last.values()].reduce((s, v) => s + v, 0)) / registered);
    for (const it of all) {
      if (k === instants.length) break;
      for (; k < instants.length && it.sendAtMs > instants[k]!; k++) snap();
      if (it.expect === 'accept' && ids.has(it.areaId)) last.set(it.areaId, it.voted);
    }
    for (; k < instants.length; k++) snap();
    return out;
  }
  const at = (t: string) => localInstant(national.election.date, t);

  it('nationally: ~15 % at 09:00, ~70 % at 11:20, ~80.6 % at 14:15, ~96 % at 17:00, ~99.4 % by 20:00', () => {
    const published = REFERENCE_CURVE_2026.filter((p) => Date.parse(p.localTime) <= at('21:00'));
    const got = reportedAt(published.map((p) => Date.parse(p.localTime)));
    published.forEach((p, i) => expect(Math.abs(got[i]! - p.turnoutPct), p.localTime).toBeLessThan(2));
    const [nine, five, end] = reportedAt([at('09:00'), at('17:00'), at('21:00')]);
    expect(Math.abs(nine! - 15)).toBeLessThan(3);
    expect(Math.abs(five! - 96)).toBeLessThan(2);
    expect(end).toBeGreaterThan(99.3);
    expect(end).toBeLessThan(99.9);
  });

  it('for Hà Nội and TP.HCM, near their own published figures', () => {
    for (const [code, points] of Object.entries(REFERENCE_CURVE_2026_PROVINCES)) {
      const inDay = points.filter((p) => Date.parse(p.localTime) <= at('21:00'));
      const got = reportedAt(
        inDay.map((p) => Date.parse(p.localTime)),
        code,
      );
      inDay.forEach((p, i) => expect(Math.abs(got[i]! - p.turnoutPct), `${code} ${p.localTime}`).toBeLessThan(3));
    }
  });
});
