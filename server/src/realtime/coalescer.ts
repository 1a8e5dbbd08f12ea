import type { ChildFigures, Figures, ScopeUpdate } from '@ecc/shared';

/**
 * Merges the updates of each room between flushes (default 250 ms, at most 4 per second): a wall does not need
 * every report, it needs the latest absolute values and the range of sequence numbers they cover.
 */
export class Coalescer {
  private pending = new Map<string, ScopeUpdate>();
  /** Request ids behind each pending emit (capped), so a log line can follow a report to the screens. */
  private rids = new Map<string, string[]>();
  merged = 0;

  add(room: string, scope: string, seq: number, figures: Figures, childId?: string, child?: Figures, rid?: string): void {
    if (rid) {
      const list = this.rids.get(room);
      if (!list) this.rids.set(room, [rid]);
      else if (list.length < 20) list.push(rid);
    }
    const p = this.pending.get(room);
    if (!p) {
      const children: ChildFigures = {};
      if (childId !== undefined && child) children[childId] = child;
      this.pending.set(room, { scope, fromSeq: seq, toSeq: seq, figures, children });
      return;
    }
    this.merged++;
    // Pub/sub delivers in publish order, so seq only grows; keep the widest range and the newest values.
    p.fromSeq = Math.min(p.fromSeq, seq);
    if (seq >= p.toSeq) {
      p.toSeq = seq;
      p.figures = figures;
    }
    if (childId !== undefined && child) {
      const prev = p.children[childId];
      if (!prev || prev.seq <= child.seq) p.children[childId] = child;
    }
  }

  drain(): [string, ScopeUpdate, string[]][] {
    const out = [...this.pending].map(([room, u]): [string, ScopeUpdate, string[]] => [room, u, this.rids.get(room) ?? []]);
    this.pending.clear();
    this.rids.clear();
    return out;
  }

  get size(): number {
    return this.pending.size;
  }
}
