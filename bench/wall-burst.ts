/**
 * A national checkpoint as the wall sees it: every polling area reports once, in a shuffled order (reports come
 * from all over the country at once), spread over ~15 s through the batch endpoint. Batches start on a fixed
 * schedule with a cap on those in flight; each accepted batch is kept with its response time, which is when the
 * reporter knows its reports were accepted (the batch's items go to Redis in one atomic step).
 */
import type { BatchItem } from './burst.js';

export interface PacedOptions {
  size: number;
  spreadMs: number;
  maxInFlight: number;
}

export interface SentBatch {
  items: BatchItem[];
  sentAt: number;
  /** Epoch ms the response arrived; 0 if the request failed. */
  at: number;
  /** Per item: accepted (201)? */
  accepted: boolean[];
}

export async function pacedBatches(
  url: string,
  token: string,
  items: readonly BatchItem[],
  o: PacedOptions,
): Promise<{ batches: SentBatch[]; seconds: number; failures: string[] }> {
  const chunks: BatchItem[][] = [];
  for (let i = 0; i < items.length; i += o.size) chunks.push(items.slice(i, i + o.size));
  const bodies = chunks.map((c) => JSON.stringify({ reports: c }));
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const every = o.spreadMs / chunks.length;
  const batches: SentBatch[] = [];
  const failures: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const t0 = Date.now();

  for (const [k, chunk] of chunks.entries()) {
    const wait = t0 + k * every - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (inFlight.size >= o.maxInFlight) await Promise.race(inFlight);
    const sent: SentBatch = { items: chunk, sentAt: Date.now(), at: 0, accepted: [] };
    batches.push(sent);
    const p = (async () => {
      try {
        const res = await fetch(`${url}/api/v1/turnout/batch`, { method: 'POST', headers, body: bodies[k]! });
        const text = await res.text();
        sent.at = Date.now();
        const body = (res.ok ? JSON.parse(text) : {}) as { results?: { status: number }[] };
        sent.accepted = chunk.map((_, i) => body.results?.[i]?.status === 201);
        if (!res.ok) failures.push(`HTTP ${res.status}: ${text.slice(0, 200)}`);
      } catch (e) {
        failures.push(e instanceof Error ? e.message : String(e));
      }
    })();
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }
  await Promise.all(inFlight);
  return { batches, seconds: (Date.now() - t0) / 1000, failures };
}
