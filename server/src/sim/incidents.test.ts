import { describe, expect, it } from 'vitest';
import { generateSmall } from '@ecc/fixtures';
import { INCIDENT_CATEGORIES, localInstant } from '@ecc/shared';
import { INCIDENTS_PER_AREA, planIncidents } from './incidents.js';

const data = generateSmall({ seed: 7, election: { id: 'sim-inc' } });
const date = data.election.date;
const plan = planIncidents(data.areas, date, 2026);

describe('§6 simulated incidents', () => {
  it('about one report per 70 polling areas voting that day, deterministic from the seed', () => {
    const today = data.areas.filter((a) => a.votingDate === date).length;
    expect(plan.length).toBeGreaterThanOrEqual(Math.round(today * INCIDENTS_PER_AREA));
    expect(plan.length).toBeLessThan(today * INCIDENTS_PER_AREA * 1.3 + 2);
    expect(planIncidents(data.areas, date, 2026)).toEqual(plan);
    expect(planIncidents(data.areas, date, 2027)).not.toEqual(plan);
  });
  it('§6 categories and severities from the plans, within the voting day, each step after its report', () => {
    for (const i of plan) {
      expect(INCIDENT_CATEGORIES).toContain(i.body.category);
      expect(i.atMs).toBeGreaterThanOrEqual(localInstant(date, '05:00'));
      expect(i.atMs).toBeLessThan(localInstant(date, '21:00'));
      for (const s of i.steps) expect(s.atMs).toBeGreaterThan(i.atMs);
    }
    const dup = plan.filter((i) => i.steps.some((s) => s.action.type === 'duplicate'));
    for (const d of dup) {
      const of = (d.steps[0]!.action as { ofIndex: number }).ofIndex;
      const original = plan.find((i) => i.index === of)!;
      expect(original.body.pollingAreaId).toBe(d.body.pollingAreaId);
      expect(original.body.category).toBe(d.body.category);
    }
  });
});
