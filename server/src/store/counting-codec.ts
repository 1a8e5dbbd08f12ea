import type { CountFigures } from '@ecc/shared';
import { countFiguresFromArray } from '@ecc/shared';

/** A numbered update of one counting scope (`count:{contest}:{scope}`): absolute values as of `toSeq`. */
export interface CountUpdate {
  scope: string;
  fromSeq: number;
  toSeq: number;
  figures: CountFigures;
  children: Record<string, CountFigures>;
}

/**
 * The counting script's log entries and notification lines use the turnout codec's layout
 * (`fromSeq \t figures \t childId:figures;…`, update-codec.ts) with COUNT_FIELDS instead of FIGURE_FIELDS.
 */
export function decodeCountEntry(scope: string, text: string): CountUpdate | null {
  const [from, figs, kids = ''] = text.split('\t');
  if (from === undefined || figs === undefined) return null;
  const f = countFiguresFromArray(figs.split(',').map(Number));
  const children: Record<string, CountFigures> = {};
  if (kids) {
    for (const kid of kids.split(';')) {
      const i = kid.indexOf(':');
      children[kid.slice(0, i)] = countFiguresFromArray(
        kid
          .slice(i + 1)
          .split(',')
          .map(Number),
      );
    }
  }
  return { scope, fromSeq: Number(from), toSeq: f.seq, figures: f, children };
}

/** Whether a notification line's scope is a counting scope (the fan-out emits those as `counting:updated`). */
export function isCountScope(scope: string): boolean {
  return scope.startsWith('count:');
}

/**
 * A record's candidate votes as the counting script keeps them: `id=v;id=v`, or `~NN=v;NN=v` when every id is
 * the unit's `c-<unit>-NN` (so the record's hash stays a compact listpack). Returns the `id=v;…` form.
 */
export function unpackCands(stored: string | null | undefined, unitId: string | null | undefined): string {
  if (!stored?.startsWith('~')) return stored ?? '';
  return stored
    .slice(1)
    .split(';')
    .filter(Boolean)
    .map((kv) => `c-${unitId ?? ''}-${kv}`)
    .join(';');
}
