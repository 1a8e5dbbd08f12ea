import type { ScopeUpdate } from '@ecc/shared';

/** What the coalescer merges: a scope's numbered update whose figures and children carry a `seq` (turnout, counting). */
export interface Mergeable {
  scope: string;
  fromSeq: number;
  toSeq: number;
  figures: { seq: number };
  children: Record<string, { seq: number }>;
}

/**
 * Merges the updates of each room between flushes (default 250 ms, at most 4 per second): a wall does not need
 * every report, it needs the latest absolute values and the range of sequence numbers they cover.
 */
export class Coalescer<U extends Mergeable = ScopeUpdate> {
  private pending = new Map<string, U>();
  /** Updates that must go out on their own: a later one did not continue their range (see add). */
  private ready: [string, U, string[]][] = [];
  /** Request ids behind each pending emit (capped), so a log line can follow a report to the screens. */
  private rids = new Map<string, string[]>();
  merged = 0;

  add(room: string, u: U, rids: string[] = []): void {
    let p = this.pending.get(room);
    if (p && u.fromSeq > p.toSeq + 1) {
      // A hole (this instance missed a message, e.g. while its subscriber reconnected): merging would claim the
      // hole's sequences as delivered. Sent apart, the second update shows the client the gap and it resyncs.
      this.ready.push([room, p, this.rids.get(room) ?? []]);
      this.pending.delete(room);
      this.rids.delete(room);
      p = undefined;
    }
    if (rids.length) {
      const list = this.rids.get(room);
      if (!list) this.rids.set(room, rids.slice(0, 20));
      else if (list.length < 20) list.push(...rids.slice(0, 20 - list.length));
    }
    if (!p) {
      this.pending.set(room, { ...u, children: { ...u.children } });
      return;
    }
    this.merged++;
    // Pub/sub delivers in publish order, so sequences only grow; keep the widest range and the newest values.
    p.fromSeq = Math.min(p.fromSeq, u.fromSeq);
    if (u.toSeq >= p.toSeq) {
      p.toSeq = u.toSeq;
      p.figures = u.figures;
    }
    for (const [id, child] of Object.entries(u.children)) {
      const prev = p.children[id];
      if (!prev || prev.seq <= child.seq) p.children[id] = child;
    }
  }

  drain(): [string, U, string[]][] {
    const out = [...this.pending].map(([room, u]): [string, U, string[]] => [room, u, this.rids.get(room) ?? []]);
    if (this.ready.length) out.unshift(...this.ready.splice(0));
    this.pending.clear();
    this.rids.clear();
    return out;
  }

  get size(): number {
    return this.pending.size + this.ready.length;
  }
}
