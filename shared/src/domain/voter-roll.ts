import type { Contest } from '../schemas/election.js';
import type { Registered } from '../schemas/reference.js';
import type { ErrorCode } from '../errors.js';

/**
 * Why a polling area's voter list changed (§5 "changes until 24 h before voting", voting elsewhere, removals;
 * §1.3 who gets which ballots). Each reason adds or removes voters and, unless the committee says otherwise,
 * touches the contests a voter of that kind is entitled to.
 */
export const VOTER_CHANGE_REASONS = {
  // Additions
  'moved-in': { dir: 1, contests: ['na', 'pc', 'cc'], vi: 'Chuyển đến (thường trú)', en: 'Moved in (permanent)' },
  'temporary-resident': {
    dir: 1,
    contests: ['na', 'pc'],
    vi: 'Tạm trú dưới 12 tháng',
    en: 'Temporary resident < 12 months',
  },
  'certificate-in': {
    dir: 1,
    contests: ['na', 'pc'],
    vi: 'Đến bỏ phiếu bằng giấy chứng nhận',
    en: 'Votes here with a certificate',
  },
  'facility-in': {
    dir: 1,
    contests: ['na', 'pc'],
    vi: 'Vào cơ sở giam giữ, giáo dục, cai nghiện',
    en: 'Placed in a detention/education/rehab facility here',
  },
  'added-late': {
    dir: 1,
    contests: ['na', 'pc', 'cc'],
    vi: 'Bổ sung (đủ 18 tuổi, sót tên, khôi phục quyền)',
    en: 'Added late (turned 18, left out, rights restored)',
  },
  'complaint-upheld': {
    dir: 1,
    contests: ['na', 'pc', 'cc'],
    vi: 'Bổ sung theo giải quyết khiếu nại',
    en: 'Added after a complaint',
  },
  // Removals
  'moved-out': { dir: -1, contests: ['na', 'pc', 'cc'], vi: 'Chuyển đi', en: 'Moved out' },
  deceased: { dir: -1, contests: ['na', 'pc', 'cc'], vi: 'Chết', en: 'Deceased' },
  'certificate-out': {
    dir: -1,
    contests: ['na', 'pc', 'cc'],
    vi: 'Đi bỏ phiếu ở nơi khác (giấy chứng nhận)',
    en: 'Votes elsewhere (certificate issued)',
  },
  'facility-out': {
    dir: -1,
    contests: ['na', 'pc', 'cc'],
    vi: 'Chuyển vào cơ sở giam giữ, giáo dục, cai nghiện',
    en: 'Moved to a detention/education/rehab facility',
  },
  deprived: {
    dir: -1,
    contests: ['na', 'pc', 'cc'],
    vi: 'Bị tước hoặc mất quyền bầu cử',
    en: 'Deprived of or lost voting rights',
  },
  'removed-by-committee': {
    dir: -1,
    contests: ['na', 'pc', 'cc'],
    vi: 'Xóa tên theo quyết định của cơ quan lập danh sách',
    en: 'Removed by the listing authority',
  },
} as const satisfies Record<string, { dir: 1 | -1; contests: readonly Contest[]; vi: string; en: string }>;

export type VoterChangeReason = keyof typeof VOTER_CHANGE_REASONS;
export const VOTER_CHANGE_REASON_IDS = Object.keys(VOTER_CHANGE_REASONS) as [VoterChangeReason, ...VoterChangeReason[]];

/**
 * A correction of an area's voter counts in its reference data (an area edit, issue 9). §5: the list total is a
 * moving number that can still be corrected on the night, and every version is to be recorded; but a correction
 * is not a change with a §5 cause (it may raise one contest and lower another), so it is logged and reported on
 * its own, signed per contest, neither an addition nor a removal, and it is undone by editing the area again.
 */
export const LIST_CORRECTION = {
  id: 'correction',
  vi: 'Điều chỉnh số cử tri khi sửa dữ liệu khu vực bỏ phiếu',
  en: "Voter counts corrected in the polling area's reference data",
} as const;

/** What the voter-change log holds: a §5 change (or its revert), or a correction of the reference data. */
export type VoterChangeKind = VoterChangeReason | typeof LIST_CORRECTION.id;

/** The label of a logged change's kind, in the given language. */
export function voterChangeLabel(kind: string, lang: 'vi' | 'en'): string {
  if (kind === LIST_CORRECTION.id) return LIST_CORRECTION[lang];
  const r = VOTER_CHANGE_REASONS[kind as VoterChangeReason];
  return r ? r[lang] : kind;
}

export const NO_DELTA: Registered = { na: 0, pc: 0, cc: 0 };

/**
 * The signed change per contest. `na` is the list total (§1.3: every listed voter gets the NA ballot), so it is
 * always touched; pc and cc only where the voter is entitled to them.
 */
export function changeDelta(reason: VoterChangeReason, count: number, contests?: readonly Contest[]): Registered {
  const r = VOTER_CHANGE_REASONS[reason];
  const set = new Set<Contest>(contests ?? r.contests);
  set.add('na');
  const d = (c: Contest) => (set.has(c) ? r.dir * count : 0);
  return { na: d('na'), pc: d('pc'), cc: d('cc') };
}

export function negate(d: Registered): Registered {
  return { na: -d.na, pc: -d.pc, cc: -d.cc };
}

/** An area's list as the store keeps it, and the window in which its list may still change. */
export interface AreaRoll {
  registered: Registered;
  /** Voters who voted (the NA count the polling team reports). */
  voted: number;
  close: number;
}

/**
 * Whether a change may be applied (§5 changes, §2.1 close): not after the area's polls close, not in the future
 * of a live election, never below the voters who already voted, and never giving a contest more voters than the
 * list total or fewer than zero. The Lua script (voter-change.lua) applies the same rules atomically.
 */
export function checkVoterChange(
  s: AreaRoll,
  d: Registered,
  effectiveAt: number,
  clock: { now: number; maxFutureMs: number } | null,
): ErrorCode | null {
  if (effectiveAt > s.close || (clock && clock.now > s.close)) return 'POLLS_CLOSED';
  if (clock && effectiveAt > clock.now + clock.maxFutureMs) return 'CHANGE_IN_FUTURE';
  const next = applyVoterChange(s.registered, d);
  if (next.na < s.voted) return 'REGISTERED_BELOW_VOTED';
  if (next.pc < 0 || next.cc < 0 || next.pc > next.na || next.cc > next.na) return 'CONTEST_EXCEEDS_LIST';
  return null;
}

export function applyVoterChange(r: Registered, d: Registered): Registered {
  return { na: r.na + d.na, pc: r.pc + d.pc, cc: r.cc + d.cc };
}
