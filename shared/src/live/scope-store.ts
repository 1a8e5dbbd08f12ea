import type { ScopeUpdate } from '../events.js';
import type { ChildFigures, Figures, ScopeSnapshot } from '../schemas/figures.js';
import { emptyFigures } from '../schemas/figures.js';

export type ApplyResult = 'applied' | 'ignored' | 'gap';

/**
 * One scope as a display holds it. Updates carry absolute values for a range of sequence numbers, so an update
 * applies when it starts at or before the next expected number and ends after the current one; one that starts
 * later reveals a gap (the client must resync), one that ends at or before the current number is old news.
 */
export class ScopeState {
  seq = -1;
  figures: Figures = emptyFigures();
  children: ChildFigures = {};
  constructor(readonly scope: string) {}

  get ready(): boolean {
    return this.seq >= 0;
  }

  applySnapshot(s: ScopeSnapshot): void {
    this.seq = s.seq;
    this.figures = s.figures;
    this.children = { ...s.children };
  }

  applyUpdate(u: ScopeUpdate): ApplyResult {
    if (!this.ready) return 'gap';
    if (u.toSeq <= this.seq) return 'ignored';
    if (u.fromSeq > this.seq + 1) return 'gap';
    this.seq = u.toSeq;
    this.figures = u.figures;
    for (const [id, f] of Object.entries(u.children)) this.children[id] = f;
    return 'applied';
  }
}
