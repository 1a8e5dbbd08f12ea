import type { Contest } from '../../schemas/election.js';
import type { ElectoralUnit, PollingArea } from '../../schemas/reference.js';
import type { IssueCode } from './issues.js';

export interface RuleHit {
  code: IssueCode;
  args: (string | number)[];
  /** Column key in the Polling areas sheet. */
  key: string;
  severity: 'error' | 'warning';
}

/**
 * §1.2 polling-area sizes and §1.3 voters per contest, for one area: over 4,000 refused; a separate area (hospital,
 * care home…) needs 50; a regular one under 300 is allowed only in mountains, islands and scattered settlements, so
 * it is a warning; council lists never exceed the list total. `sizeKey` names the column the size was read from.
 */
export function areaRuleHits(a: Pick<PollingArea, 'kind' | 'registered'>, sizeKey = 'regNa'): RuleHit[] {
  const { na, pc, cc } = a.registered;
  const out: RuleHit[] = [];
  if (pc > na) out.push({ code: 'COUNCIL_ABOVE_LIST', args: ['HĐND tỉnh'], key: 'regPc', severity: 'error' });
  if (cc > na) out.push({ code: 'COUNCIL_ABOVE_LIST', args: ['HĐND xã'], key: 'regCc', severity: 'error' });
  if (na === 0) out.push({ code: 'NO_VOTERS', args: [], key: sizeKey, severity: 'error' });
  else if (na > 4000) out.push({ code: 'AREA_TOO_LARGE', args: [na], key: sizeKey, severity: 'error' });
  else if (a.kind === 'separate' && na < 50)
    out.push({ code: 'SEPARATE_TOO_SMALL', args: [na], key: sizeKey, severity: 'error' });
  else if (a.kind === 'regular' && na < 300)
    out.push({ code: 'AREA_SMALL', args: [na], key: sizeKey, severity: 'warning' });
  return out;
}

/**
 * §1.2: whether a polling area may belong to a unit of a contest: NA and provincial units lie in the area's province,
 * commune-council units in its commune. Null when it may.
 */
export function membershipProblem(
  a: Pick<PollingArea, 'provinceCode' | 'communeCode'>,
  contest: Contest,
  u: Pick<ElectoralUnit, 'contest' | 'provinceCode' | 'communeCode'>,
): 'WRONG_CONTEST' | 'AREA_OUTSIDE_UNIT' | null {
  if (u.contest !== contest) return 'WRONG_CONTEST';
  if (contest === 'cc' ? u.communeCode !== a.communeCode : u.provinceCode !== a.provinceCode)
    return 'AREA_OUTSIDE_UNIT';
  return null;
}
