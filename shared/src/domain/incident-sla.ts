import type { Incident, Severity } from '../schemas/incident.js';
import { OPEN_STATES } from './incident-states.js';

/**
 * How fast an incident must be acknowledged and resolved, per severity. A critical incident nobody has
 * acknowledged after 5 minutes is escalated (shown as an alert to everyone watching, and to the level above).
 */
export const SLA_MS: Record<Severity, { acknowledge: number; resolve: number }> = {
  critical: { acknowledge: 5 * 60_000, resolve: 60 * 60_000 },
  high: { acknowledge: 15 * 60_000, resolve: 4 * 60 * 60_000 },
  medium: { acknowledge: 30 * 60_000, resolve: 8 * 60 * 60_000 },
  low: { acknowledge: 60 * 60_000, resolve: 24 * 60 * 60_000 },
};

export type Breach = 'acknowledge' | 'resolve';

export interface SlaStatus {
  acknowledgeBy: number;
  resolveBy: number;
  /** The running deadline of an open incident (to acknowledge, then to resolve); null once it is not open. */
  dueAt: number | null;
  /** Which running deadline has passed, if one has. */
  breach: Breach | null;
}

type SlaFields = Pick<Incident, 'severity' | 'state' | 'createdAt' | 'acknowledgedAt' | 'resolvedAt'>;

export function slaStatus(i: SlaFields, now: number): SlaStatus {
  const sla = SLA_MS[i.severity];
  const acknowledgeBy = i.createdAt + sla.acknowledge;
  const resolveBy = i.createdAt + sla.resolve;
  if (!OPEN_STATES.has(i.state)) return { acknowledgeBy, resolveBy, dueAt: null, breach: null };
  const stage: Breach = i.acknowledgedAt === undefined ? 'acknowledge' : 'resolve';
  const dueAt = stage === 'acknowledge' ? acknowledgeBy : resolveBy;
  return { acknowledgeBy, resolveBy, dueAt, breach: now > dueAt ? stage : null };
}

export interface Escalation<T> {
  incident: T;
  breach: Breach;
  overdueMs: number;
}

/** Open incidents past their running deadline, most urgent first (critical before high…, then longest overdue). */
export function escalations<T extends SlaFields>(list: readonly T[], now: number): Escalation<T>[] {
  const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
  const out: Escalation<T>[] = [];
  for (const incident of list) {
    const s = slaStatus(incident, now);
    if (s.breach && s.dueAt !== null) out.push({ incident, breach: s.breach, overdueMs: now - s.dueAt });
  }
  return out.sort((a, b) => rank[a.incident.severity] - rank[b.incident.severity] || b.overdueMs - a.overdueMs);
}

export interface DurationStats {
  count: number;
  medianMs: number | null;
  maxMs: number | null;
  /** How many took longer than the severity's deadline. */
  late: number;
}

function stats(durations: number[], limit: number): DurationStats {
  if (durations.length === 0) return { count: 0, medianMs: null, maxMs: null, late: 0 };
  const s = [...durations].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const medianMs = s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
  return { count: s.length, medianMs, maxMs: s[s.length - 1]!, late: s.filter((d) => d > limit).length };
}

/** Time to acknowledge and to resolve, per severity, over the incidents given (the triage page's table). */
export function responseTimes(
  list: readonly SlaFields[],
): Record<Severity, { acknowledge: DurationStats; resolve: DurationStats }> {
  const out = {} as Record<Severity, { acknowledge: DurationStats; resolve: DurationStats }>;
  for (const sev of Object.keys(SLA_MS) as Severity[]) {
    const mine = list.filter((i) => i.severity === sev);
    const ack = mine.flatMap((i) => (i.acknowledgedAt !== undefined ? [i.acknowledgedAt - i.createdAt] : []));
    const res = mine.flatMap((i) => (i.resolvedAt !== undefined ? [i.resolvedAt - i.createdAt] : []));
    out[sev] = { acknowledge: stats(ack, SLA_MS[sev].acknowledge), resolve: stats(res, SLA_MS[sev].resolve) };
  }
  return out;
}
