/**
 * One accepted report or correction in an area's history list (`hist:{areaId}`), as the ingest script writes
 * it: tab-separated `areaSeq kind voted atMs atIso receivedMs by idempotencyKey requestId reason`, reason last
 * because it is free text and may itself hold tabs. A list entry costs a fraction of a stream entry (a stream per
 * area was the dearest write of the whole ingest step, and most of Redis's memory).
 */
export interface HistoryEntry {
  areaSeq: number;
  kind: 'report' | 'correction';
  voted: number;
  atMs: number;
  atIso: string;
  receivedMs: number;
  by: string;
  idempotencyKey: string;
  requestId: string;
  reason: string;
}

export function decodeHistoryEntry(line: string): HistoryEntry {
  const parts = line.split('\t');
  return {
    areaSeq: Number(parts[0]),
    kind: parts[1] === 'correction' ? 'correction' : 'report',
    voted: Number(parts[2]),
    atMs: Number(parts[3]),
    atIso: parts[4] ?? '',
    receivedMs: Number(parts[5]),
    by: parts[6] ?? '',
    idempotencyKey: parts[7] ?? '',
    requestId: parts[8] ?? '',
    reason: parts.slice(9).join('\t'),
  };
}
