/**
 * How a submitted counting record is kept in its history line (`chist:{area}:{contest}`, counting.lua): most of
 * the history's bytes. `~` then JSON with the record's own fields, minus the polling area, contest and time when
 * they lead the record as the key and the line already say them, and its votes as one string
 * `c-<unit>-|01=1134;02=638` when every candidate id shares the unit's prefix (instead of
 * `[{"candidateId":"c-cc-00199-04-01","votes":1134},…]`). Lines written before hold the plain JSON; both decode
 * to the record as it was sent, field order included.
 */
interface Vote {
  candidateId: string;
  votes: number;
}

export function encodeHistoryRecord(record: Record<string, unknown>, unitId: string, at: string): string {
  const [k0, k1, k2] = Object.keys(record);
  const lead = k0 === 'pollingAreaId' && k1 === 'contest' && k2 === 'at' && record.at === at;
  const out: Record<string, unknown> = {};
  const pre = `c-${unitId}-`;
  for (const [k, v] of Object.entries(record)) {
    if (lead && (k === 'pollingAreaId' || k === 'contest' || k === 'at')) continue;
    const votes = k === 'votes' && Array.isArray(v) ? (v as Vote[]) : null;
    if (votes && votes.length > 0 && votes.every((x) => x.candidateId.startsWith(pre))) {
      out[k] = `${pre}|${votes.map((x) => `${x.candidateId.slice(pre.length)}=${x.votes}`).join(';')}`;
    } else out[k] = v;
  }
  return lead ? `~${JSON.stringify(out)}` : JSON.stringify(record);
}

/** The record as sent, from its history line's field (`areaId`, `contest` and `at` from the key and the line). */
export function decodeHistoryRecord(stored: string, areaId: string, contest: string, at: string): unknown {
  if (!stored.startsWith('~')) return JSON.parse(stored) as unknown;
  const rest = JSON.parse(stored.slice(1)) as Record<string, unknown>;
  const out: Record<string, unknown> = { pollingAreaId: areaId, contest, at };
  for (const [k, v] of Object.entries(rest)) {
    if (k === 'votes' && typeof v === 'string') {
      const bar = v.indexOf('|');
      const pre = v.slice(0, bar);
      out[k] = v
        .slice(bar + 1)
        .split(';')
        .map((kv) => {
          const eq = kv.indexOf('=');
          return { candidateId: pre + kv.slice(0, eq), votes: Number(kv.slice(eq + 1)) };
        });
    } else out[k] = v;
  }
  return out;
}
