import { describe, expect, it } from 'vitest';
import { ROLES, PERMISSIONS } from '../auth/roles.js';
import { authorizeIncidentRead } from '../auth/incident-access.js';
import type { Principal } from '../auth/principal.js';
import type { Incident } from '../schemas/incident.js';
import { INCIDENT_CATEGORIES, incidentReportSchema } from '../schemas/incident.js';
import { duplicateSuggestions, haversineM, likelyDuplicate } from './incident-duplicates.js';
import { incidentNumber, isValidIncidentNumber, luhnDigit } from './incident-number.js';
import { escalations, responseTimes, slaStatus } from './incident-sla.js';
import { allowedFrom, canTransition, REPORTER_ROLES, TRANSITIONS, TRIAGE_ROLES } from './incident-states.js';

const MIN = 60_000;
const T0 = Date.parse('2026-03-15T08:00:00+07:00');

function inc(over: Partial<Incident> = {}): Incident {
  return {
    id: '01-00018',
    category: 'security-order',
    severity: 'critical',
    state: 'new',
    province: '01',
    commune: '00004',
    pollingAreaId: '00004-0001',
    observedAt: '2026-03-15T08:00:00+07:00',
    createdAt: T0,
    updatedAt: T0,
    reporter: 'an-00004',
    reporterRole: 'security-liaison',
    description: 'x',
    photos: [],
    duplicates: [],
    version: 1,
    ...over,
  };
}

describe('§6 incident categories', () => {
  it('§6 covers every category of the 2026 security and contingency plans, plus other', () => {
    expect(INCIDENT_CATEGORIES).toEqual([
      'security-order',
      'cyber-information',
      'complaint',
      'fire-rescue',
      'disaster-weather',
      'health',
      'traffic-communications',
      'voting-interruption',
      'other',
    ]);
  });
  it('a report names its category, severity, time and a plain-text description; lat and lon go together', () => {
    const ok = {
      category: 'fire-rescue',
      severity: 'high',
      observedAt: '2026-03-15T08:00:00+07:00',
      description: '  Cháy nhỏ ở nhà văn hóa  ',
    };
    expect(incidentReportSchema.parse(ok).description).toBe('Cháy nhỏ ở nhà văn hóa');
    const r = incidentReportSchema.safeParse({ ...ok, lat: 21 });
    expect(r.success ? '' : r.error.issues[0]!.path.join('.')).toBe('lon');
    const bad = incidentReportSchema.safeParse({ ...ok, category: 'alien' });
    expect(bad.success ? '' : bad.error.issues[0]!.path.join('.')).toBe('category');
  });
});

describe('§7 incident state machine and roles', () => {
  it('runs new → acknowledged → in progress → resolved → closed', () => {
    const path = ['new', 'acknowledged', 'in-progress', 'resolved', 'closed'] as const;
    for (let i = 1; i < path.length; i++)
      expect(canTransition('commune-committee', path[i - 1]!, path[i]!).ok).toBe(true);
  });
  it('closed and duplicate are final; skipping to closed is refused as a state error', () => {
    expect(TRANSITIONS.closed).toEqual([]);
    expect(TRANSITIONS.duplicate).toEqual([]);
    expect(canTransition('commune-committee', 'new', 'closed')).toEqual({ ok: false, reason: 'state' });
    expect(canTransition('commune-committee', 'in-progress', 'new')).toEqual({ ok: false, reason: 'state' });
  });
  it('a liaison works incidents but only committees close, reject or reopen', () => {
    expect(canTransition('security-liaison', 'new', 'acknowledged').ok).toBe(true);
    expect(canTransition('security-liaison', 'acknowledged', 'resolved').ok).toBe(true);
    expect(canTransition('security-liaison', 'resolved', 'closed')).toEqual({ ok: false, reason: 'role' });
    expect(canTransition('security-liaison', 'new', 'rejected')).toEqual({ ok: false, reason: 'role' });
    expect(canTransition('security-liaison', 'resolved', 'in-progress')).toEqual({ ok: false, reason: 'role' });
    expect(canTransition('provincial-committee', 'resolved', 'in-progress').ok).toBe(true);
    expect(canTransition('polling-team', 'new', 'acknowledged')).toEqual({ ok: false, reason: 'role' });
  });
  it('allowedFrom lists the states the store accepts for a role and target state', () => {
    expect(allowedFrom('commune-committee', 'closed')).toEqual(['resolved']);
    expect(allowedFrom('security-liaison', 'in-progress')).toEqual(['new', 'acknowledged']);
    expect(allowedFrom('polling-team', 'acknowledged')).toEqual([]);
  });
  it('the role lists agree with the permission table', () => {
    for (const r of ROLES) {
      expect(TRIAGE_ROLES.has(r), r).toBe(PERMISSIONS[r].has('incident:triage'));
      expect(REPORTER_ROLES.has(r), r).toBe(PERMISSIONS[r].has('incident:write'));
    }
  });
  it('incidents are read inside the jurisdiction only, never from an ancestor or by nobody', () => {
    const commune: Principal = {
      role: 'commune-committee',
      election: 'e',
      name: 'c',
      via: 'session',
      jurisdiction: { level: 'commune', province: '01', commune: '00004' },
    };
    expect(authorizeIncidentRead(commune, { province: '01', commune: '00004', area: '00004-0001' }).ok).toBe(true);
    expect(authorizeIncidentRead(commune, { province: '01' }).ok).toBe(false);
    expect(authorizeIncidentRead(commune, { province: '01', commune: '00008' }).ok).toBe(false);
    expect(
      authorizeIncidentRead({ ...commune, role: 'national-leader', jurisdiction: { level: 'nation' } }, {}).ok,
    ).toBe(true);
    expect(authorizeIncidentRead(null, {}).ok).toBe(false);
  });
});

describe('§7 incident deadlines and escalation', () => {
  it('a critical incident unacknowledged after 5 minutes is escalated', () => {
    expect(slaStatus(inc(), T0 + 5 * MIN).breach).toBeNull();
    expect(slaStatus(inc(), T0 + 5 * MIN + 1).breach).toBe('acknowledge');
    expect(escalations([inc()], T0 + 6 * MIN)).toEqual([{ incident: inc(), breach: 'acknowledge', overdueMs: MIN }]);
  });
  it('once acknowledged the resolve deadline runs; resolved incidents are not escalated', () => {
    const acked = inc({ state: 'acknowledged', acknowledgedAt: T0 + 2 * MIN });
    expect(slaStatus(acked, T0 + 30 * MIN).breach).toBeNull();
    expect(slaStatus(acked, T0 + 61 * MIN).breach).toBe('resolve');
    expect(escalations([inc({ state: 'resolved', acknowledgedAt: T0, resolvedAt: T0 + MIN })], T0 + 999 * MIN)).toEqual(
      [],
    );
  });
  it('lower severities have longer deadlines; escalations list critical first', () => {
    const low = inc({ id: '01-00026', severity: 'low' });
    expect(slaStatus(low, T0 + 30 * MIN).breach).toBeNull();
    const list = escalations([inc({ id: '01-00034', severity: 'low' }), inc()], T0 + 61 * MIN);
    expect(list.map((e) => e.incident.severity)).toEqual(['critical', 'low']);
  });
  it('time to acknowledge and resolve per severity: median, max and how many were late', () => {
    const t = responseTimes([
      inc({ acknowledgedAt: T0 + 2 * MIN, resolvedAt: T0 + 30 * MIN }),
      inc({ acknowledgedAt: T0 + 8 * MIN }),
      inc({ severity: 'low', acknowledgedAt: T0 + MIN }),
    ]);
    expect(t.critical.acknowledge).toEqual({ count: 2, medianMs: 5 * MIN, maxMs: 8 * MIN, late: 1 });
    expect(t.critical.resolve).toEqual({ count: 1, medianMs: 30 * MIN, maxMs: 30 * MIN, late: 0 });
    expect(t.high.acknowledge.count).toBe(0);
  });
});

describe('§7 likely duplicates', () => {
  it('haversine: 0.0045° of latitude is about 500 m', () => {
    expect(haversineM({ lat: 21, lon: 105.8 }, { lat: 21.0045, lon: 105.8 })).toBeCloseTo(500.4, 0);
  });
  it('same category within 30 minutes, and the same polling area or within 500 m', () => {
    const a = inc({ id: '01-00018', lat: 21.03, lon: 105.84 });
    expect(likelyDuplicate(a, inc({ id: '01-00026', pollingAreaId: '00004-0001' }))).toBe(true);
    const near = inc({ id: '01-00026', pollingAreaId: '00004-0002', lat: 21.034, lon: 105.84 });
    expect(likelyDuplicate(a, near)).toBe(true);
    expect(likelyDuplicate(a, { ...near, lat: 21.035 })).toBe(false);
    expect(likelyDuplicate(a, { ...near, category: 'fire-rescue' })).toBe(false);
    expect(likelyDuplicate(a, { ...near, observedAt: '2026-03-15T08:31:00+07:00' })).toBe(false);
    expect(likelyDuplicate(a, { ...near, observedAt: '2026-03-15T07:30:00+07:00' })).toBe(true);
  });
  it('suggests the oldest original first and never a duplicate or rejected incident', () => {
    const me = inc({ id: '01-00042', createdAt: T0 + 9 * MIN });
    const first = inc({ id: '01-00018', createdAt: T0 });
    const second = inc({ id: '01-00026', createdAt: T0 + MIN });
    const dup = inc({ id: '01-00034', state: 'duplicate' });
    expect(duplicateSuggestions(me, [second, dup, first, me]).map((i) => i.id)).toEqual(['01-00018', '01-00026']);
  });
});

describe('incident numbers read over the phone', () => {
  it('province code, counter and a Luhn check digit', () => {
    expect(luhnDigit('7992739871')).toBe(3);
    expect(incidentNumber('01', 42)).toMatch(/^01-0042\d$/);
    expect(isValidIncidentNumber(incidentNumber('79', 12345))).toBe(true);
  });
  it('catches one wrong digit and two swapped neighbours', () => {
    const n = incidentNumber('01', 427);
    const wrong = n.slice(0, 4) + String((Number(n[4]) + 1) % 10) + n.slice(5);
    expect(isValidIncidentNumber(wrong)).toBe(false);
    const swapped = `01-0${n[5]}${n[4]}${n.slice(6)}`;
    if (n[4] !== n[5]) expect(isValidIncidentNumber(swapped)).toBe(false);
  });
});
