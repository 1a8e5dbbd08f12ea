import type { Role } from '../auth/roles.js';
import type { IncidentState } from '../schemas/incident.js';

/**
 * The incident life cycle: new → acknowledged → in progress → resolved → closed, with rejected (not a real
 * incident) and duplicate (merged into an original) as side exits. Closed and duplicate are final; a resolved
 * incident can be reopened (back to in progress), a rejected one taken up again (acknowledged).
 */
export const TRANSITIONS: Record<IncidentState, readonly IncidentState[]> = {
  new: ['acknowledged', 'in-progress', 'rejected', 'duplicate'],
  acknowledged: ['in-progress', 'resolved', 'rejected', 'duplicate'],
  'in-progress': ['resolved', 'duplicate'],
  resolved: ['closed', 'in-progress'],
  rejected: ['acknowledged'],
  closed: [],
  duplicate: [],
};

/** Who files incidents from the field. */
export const REPORTER_ROLES: ReadonlySet<Role> = new Set([
  'national-council',
  'provincial-committee',
  'commune-committee',
  'security-liaison',
  'polling-team',
]);

/** Who works incidents in an operations room (within their jurisdiction). */
export const TRIAGE_ROLES: ReadonlySet<Role> = new Set([
  'national-council',
  'provincial-committee',
  'commune-committee',
  'security-liaison',
]);

/**
 * Decisions that end or undo someone's work are the committees' (a liaison acknowledges, works and resolves;
 * only the election committee closes, rejects, or reopens).
 */
const COMMITTEES: readonly Role[] = ['national-council', 'provincial-committee', 'commune-committee'];
const ALL_TRIAGE: readonly Role[] = [...TRIAGE_ROLES];

function rolesFor(from: IncidentState, to: IncidentState): readonly Role[] {
  if (to === 'closed' || to === 'rejected') return COMMITTEES;
  if (from === 'resolved' || from === 'rejected') return COMMITTEES;
  return ALL_TRIAGE;
}

/** Open incidents still need someone: they count on walls and their deadlines run. */
export const OPEN_STATES: ReadonlySet<IncidentState> = new Set(['new', 'acknowledged', 'in-progress']);
/** No further state change (comments are still allowed). */
export const FINAL_STATES: ReadonlySet<IncidentState> = new Set(['closed', 'duplicate']);

export type TransitionVerdict = { ok: true } | { ok: false; reason: 'state' | 'role' };

/** Whether `role` may move an incident from `from` to `to` (pure: the store checks it again atomically). */
export function canTransition(role: Role, from: IncidentState, to: IncidentState): TransitionVerdict {
  if (!TRANSITIONS[from].includes(to)) return { ok: false, reason: 'state' };
  if (!rolesFor(from, to).includes(role)) return { ok: false, reason: 'role' };
  return { ok: true };
}

/**
 * The states from which `role` may reach `to`: the atomic store step takes this list and refuses the change
 * (409) when the incident is not in one of them at that instant, so two operators cannot both win.
 */
export function allowedFrom(role: Role, to: IncidentState): IncidentState[] {
  return (Object.keys(TRANSITIONS) as IncidentState[]).filter((from) => canTransition(role, from, to).ok);
}

/** Whether a state change leaves "new": the first one is the acknowledgement (time to acknowledge stops). */
export const acknowledges = (from: IncidentState, to: IncidentState): boolean => from === 'new' && to !== 'new';
