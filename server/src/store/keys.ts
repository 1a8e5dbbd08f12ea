/**
 * Every Redis key pattern, in one place. Keys of an election share the hash tag `{electionId}` so one election's
 * data is one namespace (drills reset without touching others) and one Redis Cluster slot (atomic scripts).
 */
export function electionPrefix(electionId: string): string {
  return `ecc:{${electionId}}:`;
}

export function electionKeys(electionId: string) {
  return keysUnder(electionPrefix(electionId));
}

/**
 * Where an import or a drill reset writes the new reference data before one script swaps it in (issue 9): inside the
 * election's hash tag, so the swap is one atomic step in one slot, and a failed write leaves the election untouched.
 */
export function stagingKeys(electionId: string) {
  return keysUnder(`${electionPrefix(electionId)}~stage:`);
}

function keysUnder(P: string) {
  return {
    prefix: P,
    area: (id: string) => `${P}area:${id}`,
    agg: (scope: string) => `${P}agg:${scope}`,
    kids: (scope: string) => `${P}kids:${scope}`,
    log: (scope: string) => `${P}log:${scope}`,
    series: (scope: string) => `${P}series:${scope}`,
    hist: (areaId: string) => `${P}hist:${areaId}`,
    unitVoted: (contest: string) => `${P}uvoted:${contest}`,
    unitRegistered: (contest: string) => `${P}ureg:${contest}`,
    units: (contest: string) => `${P}units:${contest}`,
    candidates: (unitId: string) => `${P}cand:${unitId}`,
    lastReport: `${P}lastrep`,
    early: `${P}early`,
    provinces: `${P}meta:provinces`,
    communes: `${P}meta:communes`,
    loaded: `${P}loaded`,
    updates: `${P}updates`,
    audit: `${P}audit`,
    auditHead: `${P}audit:head`,
    /** SHA-256 of the canonical reference data last written (a re-import of the same content changes nothing). */
    referenceHash: `${P}refhash`,
    /** A candidate's photo (JPEG or PNG bytes) and its content type. */
    photo: (candidateId: string) => `${P}photo:${candidateId}`,
    // Incidents (docs/decisions/0006): current state materialised beside the append-only event stream.
    incident: (id: string) => `${P}inc:${id}`,
    incidentEvents: (id: string) => `${P}inc:${id}:events`,
    /** Incident ids of a scope (nation, province, commune, area, unit), scored by creation time. */
    incidentIndex: (scope: string) => `${P}incidx:${scope}`,
    /** Per scope: `state:severity` → count, and `seq` (the scope's incident update sequence). */
    incidentCounts: (scope: string) => `${P}inccount:${scope}`,
    /** Per province: the last incident counter. */
    incidentCounters: `${P}incno`,
    /** Reporter + Idempotency-Key → `bodyHash id`: the offline queue's retries create one incident. */
    incidentIdem: `${P}incidem`,
    incidentUpdates: `${P}incidents`,
    // Counting (§2.6): per record (area × contest) its state, its history of versions and decisions; per scope
    // and contest the totals and their log; one results log for the media feed; a unit's polling areas.
    countRecord: (areaId: string, contest: string) => `${P}crec:${areaId}:${contest}`,
    countHistory: (areaId: string, contest: string) => `${P}chist:${areaId}:${contest}`,
    countIdem: (areaId: string) => `${P}cidem:${areaId}`,
    countTotals: (contest: string, scope: string) => `${P}ctot:${contest}:${scope}`,
    /** Which child each sequence number changed (a list; item i is number seq − LLEN + 1 + i). */
    countLog: (contest: string, scope: string) => `${P}clst:${contest}:${scope}`,
    resultsLog: `${P}cres`,
    resultsSeq: `${P}cres:n`,
    unitAreas: (unitId: string) => `${P}ukids:${unitId}`,
    /** Voter-list changes (voter-change.lua): the log stream (id = change number), its counter, idempotency
     * records, revert links (original → revert) and each area's change numbers. */
    voterChanges: `${P}vchg`,
    voterChangeSeq: `${P}vchg:seq`,
    voterChangeIdem: `${P}vchg:idem`,
    voterChangeReverted: `${P}vchg:rev`,
    areaVoterChanges: (areaId: string) => `${P}vchg:area:${areaId}`,
    /** Raised whenever what the public lookup shows changes (reference data, confirmed results). */
    publicVersion: `${P}pubver`,
    /** What each public version changed (`scope`: commune:CODE, unit:ID or all), one entry per bump, capped. */
    publicChanges: `${P}pubchg`,
  };
}
export type ElectionKeys = ReturnType<typeof electionKeys>;

/** Keys outside any election. */
export const GLOBAL_KEYS = {
  elections: 'ecc:elections',
  tokens: 'ecc:tokens',
  /** The audit chain of events outside any election (sign-ins, accounts, exports); elections have their own. */
  audit: 'ecc:audit',
  auditHead: 'ecc:audit:head',
  accounts: 'ecc:accounts',
  account: (username: string) => `ecc:account:${username}`,
  session: (idHash: string) => `ecc:session:${idHash}`,
  accountSessions: (username: string) => `ecc:account-sessions:${username}`,
  failures: (kind: 'user' | 'ip', id: string) => `ecc:failures:${kind}:${id}`,
  walls: 'ecc:walls',
  /** Every instance subscribes: a revoked account or token is disconnected everywhere. */
  revocations: 'ecc:revocations',
  /** Pattern every server instance subscribes to: the update channel of every election. */
  updatesPattern: 'ecc:{*}:updates',
  /** Pattern every server instance subscribes to: incident changes of every election. */
  incidentsPattern: 'ecc:{*}:incidents',
};
