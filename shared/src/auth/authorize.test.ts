import { describe, expect, it } from 'vitest';
import { ACTIONS, ROLES } from './roles.js';
import type { Action, Role, Target } from './roles.js';
import { authorize, contains, placeLabel } from './authorize.js';
import { parsePrincipal, placeOfScope, principalSchema } from './principal.js';
import type { Principal } from './principal.js';

const home = { province: '01', commune: '00101', area: '00101-0001', units: ['na-01-1', 'pc-01-2', 'cc-00101-1'] };
const sibling = { province: '01', commune: '00102', area: '00102-0001', units: ['na-01-1', 'pc-01-3', 'cc-00102-1'] };
const elsewhere = { province: '02', commune: '00201', area: '00201-0001', units: ['na-02-1', 'pc-02-1', 'cc-00201-1'] };

const who: Record<Role, Principal> = {
  admin: p('admin', { level: 'nation' }),
  'national-leader': p('national-leader', { level: 'nation' }),
  'national-council': p('national-council', { level: 'nation' }),
  'provincial-committee': p('provincial-committee', { level: 'province', province: '01' }),
  'commune-committee': p('commune-committee', { level: 'commune', province: '01', commune: '00101' }),
  'election-board': p('election-board', { level: 'unit', province: '01', unit: 'pc-01-2' }),
  'polling-team': p('polling-team', { level: 'area', province: '01', commune: '00101', area: '00101-0001' }),
  'security-liaison': p('security-liaison', { level: 'commune', province: '01', commune: '00101' }),
  'wall-display': p('wall-display', { level: 'nation' }),
};
function p(role: Role, jurisdiction: Principal['jurisdiction']): Principal {
  return principalSchema.parse({ role, election: 'e', name: role, jurisdiction });
}

describe('authorize', () => {
  // Expected: which roles may write turnout at home (inside) and in the sibling commune.
  const writers: Record<string, { inside: Role[]; sibling: Role[]; elsewhere: Role[] }> = {
    'turnout:report': {
      inside: ['national-council', 'provincial-committee', 'commune-committee', 'polling-team'],
      sibling: ['national-council', 'provincial-committee'],
      elsewhere: ['national-council'],
    },
    'turnout:correct': {
      inside: ['national-council', 'provincial-committee', 'commune-committee', 'election-board', 'polling-team'],
      sibling: ['national-council', 'provincial-committee'],
      elsewhere: ['national-council'],
    },
    'accounts:manage': { inside: ['admin'], sibling: ['admin'], elsewhere: ['admin'] },
    'counting:submit': {
      inside: ['national-council', 'commune-committee', 'polling-team'],
      sibling: ['national-council'],
      elsewhere: ['national-council'],
    },
    // The board of the area's unit (pc-01-2 here) reviews; the sibling area is in another pc unit.
    'counting:review': {
      inside: ['national-council', 'election-board'],
      sibling: ['national-council'],
      elsewhere: ['national-council'],
    },
    // §5: the list is kept by the commune; the team adds certificate holders on the day.
    'voters:change': {
      inside: ['national-council', 'provincial-committee', 'commune-committee', 'polling-team'],
      sibling: ['national-council', 'provincial-committee'],
      elsewhere: ['national-council'],
    },
  };
  for (const [action, want] of Object.entries(writers)) {
    for (const [where, target] of [
      ['inside', home],
      ['sibling', sibling],
      ['elsewhere', elsewhere],
    ] as const) {
      it(`${action} ${where}: only ${want[where].join(', ')}`, () => {
        const allowed = ROLES.filter((r) => authorize(who[r], action as Action, target).ok);
        expect(allowed.sort()).toEqual([...want[where]].sort());
      });
    }
  }

  it('read-only roles are denied every write action', () => {
    for (const r of ['national-leader', 'wall-display'] as const) {
      for (const a of ACTIONS.filter(
        (x) => !['scope:read', 'accounts:read', 'audit:read', 'voters:read'].includes(x),
      )) {
        expect(authorize(who[r], a, home)).toEqual({ ok: false, reason: 'role' });
      }
    }
  });

  it('reads reach ancestors but not siblings or other provinces', () => {
    const c = who['commune-committee'];
    const read = (t: Target) => authorize(c, 'scope:read', t).ok;
    expect(read({})).toBe(true);
    expect(read({ province: '01' })).toBe(true);
    expect(read({ province: '01', commune: '00101' })).toBe(true);
    expect(read(home)).toBe(true);
    expect(read({ province: '01', commune: '00102' })).toBe(false);
    expect(read({ province: '02' })).toBe(false);
    expect(authorize(who['polling-team'], 'scope:read', sibling)).toEqual({ ok: false, reason: 'jurisdiction' });
  });

  it('a unit contains the areas that belong to it', () => {
    expect(contains({ level: 'unit', unit: 'pc-01-2' }, home)).toBe(true);
    expect(contains({ level: 'unit', unit: 'pc-01-2' }, sibling)).toBe(false);
  });

  it('a jurisdiction that does not fit the role does not parse', () => {
    expect(
      principalSchema.safeParse({ role: 'polling-team', election: 'e', name: 'x', jurisdiction: { level: 'nation' } })
        .success,
    ).toBe(false);
  });

  it('legacy token records map to the new roles', () => {
    expect(parsePrincipal({ role: 'committee', election: 'e', scope: 'nation', name: 'national' })?.role).toBe(
      'national-council',
    );
    const prov = parsePrincipal({ role: 'committee', election: 'e', scope: 'province:01', name: 'ubbc-01' });
    expect(prov?.role).toBe('provincial-committee');
    expect(prov && authorize(prov, 'turnout:batch', home).ok).toBe(true);
    const team = parsePrincipal({ role: 'polling-team', election: 'e', areaId: '00101-0001', name: 'tbc' });
    expect(team && authorize(team, 'turnout:report', home).ok).toBe(true);
    expect(team && authorize(team, 'turnout:report', sibling).ok).toBe(false);
    expect(parsePrincipal({ role: 'committee', election: 'e', scope: 'bogus', name: 'x' })).toBeNull();
  });

  it('scopes and labels round-trip', () => {
    for (const s of ['nation', 'province:01', 'commune:00101', 'area:00101-0001'])
      expect(placeLabel(placeOfScope(s)!)).toBe(s);
  });
});
