import type { Figures } from '../schemas/figures.js';
import { emptyFigures } from '../schemas/figures.js';

export type ApplyResult = 'applied' | 'ignored' | 'gap';

/** Any numbered update or snapshot: turnout figures, or counting figures (`count:` scopes), both with a `seq`. */
export interface SeqSnapshot<F> {
  scope?: string;
  serverTime?: string;
  seq: number;
  figures: F;
  children: Record<string, F>;
}
export interface SeqUpdate<F> {
  scope?: string;
  fromSeq: number;
  toSeq: number;
  figures: F;
  children: Record<string, F>;
}

/**
 * One scope as a display holds it. Updates carry absolute values for a range of sequence numbers, so an update
 * applies when it starts at or before the next expected number and ends after the current one; one that starts
 * later reveals a gap (the client must resync), one that ends at or before the current number is old news.
 */
export class ScopeState<F = Figures> {
  seq = -1;
  figures: F = emptyFigures() as F;
  children: Record<string, F> = {};
  constructor(readonly scope: string) {}

  get ready(): boolean {
    return this.seq >= 0;
  }

  applySnapshot(s: SeqSnapshot<F>): void {
    this.seq = s.seq;
    this.figures = s.figures;
    this.children = { ...s.children };
  }

  applyUpdate(u: SeqUpdate<F>): ApplyResult {
    if (!this.ready) return 'gap';
    if (u.toSeq <= this.seq) return 'ignored';
    if (u.fromSeq > this.seq + 1) return 'gap';
    this.seq = u.toSeq;
    this.figures = u.figures;
    for (const [id, f] of Object.entries(u.children)) this.children[id] = f;
    return 'applied';
  }
}
