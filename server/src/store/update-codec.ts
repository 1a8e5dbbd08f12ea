import type { ChildFigures, ScopeUpdate } from '@ecc/shared';
import { figuresFromArray } from '@ecc/shared';

/**
 * The text the ingest script writes to scope logs and publishes (cjson is the costliest part of the script):
 *   log entry:      fromSeq \t figures \t childId:figures;childId:figures
 *   notification:   one line per touched scope: scope \t <log entry> \t requestId,requestId
 * where figures are the FIGURE_FIELDS values joined by commas.
 */
function figures(csv: string) {
  return figuresFromArray(csv.split(',').map(Number));
}

export function decodeLogEntry(scope: string, text: string): ScopeUpdate | null {
  const [from, figs, kids = ''] = text.split('\t');
  if (from === undefined || figs === undefined) return null;
  const f = figures(figs);
  const children: ChildFigures = {};
  if (kids) {
    for (const kid of kids.split(';')) {
      const i = kid.indexOf(':');
      children[kid.slice(0, i)] = figures(kid.slice(i + 1));
    }
  }
  return { scope, fromSeq: Number(from), toSeq: f.seq, figures: f, children };
}

export interface NotificationLine {
  scope: string;
  /** The log-entry part, decoded only for scopes someone watches (decodeLogEntry). */
  entry: string;
  rids: string[];
}

/** Splits a notification into its scopes without decoding figures: most scopes have no viewer on a node. */
export function splitNotification(message: string): NotificationLine[] {
  const out: NotificationLine[] = [];
  for (const line of message.split('\n')) {
    const tab = line.indexOf('\t');
    const last = line.lastIndexOf('\t');
    if (tab < 0 || last <= tab) continue;
    const rids = line.slice(last + 1);
    out.push({ scope: line.slice(0, tab), entry: line.slice(tab + 1, last), rids: rids ? rids.split(',') : [] });
  }
  return out;
}

/**
 * Area updates carried by their commune's line (ingest.lua publishes an area line of its own only when a batch
 * moved the area more than once, i.e. its range is wider than one): for each child `id:figures` of a commune line
 * that `watched` wants and that has no line of its own, the line `area:id` with the range [seq, seq].
 */
export function areaLinesOfCommunes(
  lines: readonly NotificationLine[],
  watched: (areaScope: string) => boolean,
): NotificationLine[] {
  let own: Set<string> | undefined;
  for (const l of lines) if (l.scope.startsWith('area:')) (own ??= new Set()).add(l.scope);
  const out: NotificationLine[] = [];
  for (const l of lines) {
    if (!l.scope.startsWith('commune:')) continue;
    const kids = l.entry.slice(l.entry.lastIndexOf('\t') + 1);
    if (!kids) continue;
    for (const kid of kids.split(';')) {
      const colon = kid.indexOf(':');
      const scope = `area:${kid.slice(0, colon)}`;
      if (own?.has(scope) || !watched(scope)) continue;
      const figs = kid.slice(colon + 1);
      out.push({ scope, entry: `${figs.slice(figs.lastIndexOf(',') + 1)}\t${figs}\t`, rids: [] });
    }
  }
  return out;
}

/** The sequence number a log entry ends at (the last figure), without decoding the rest. */
export function entryToSeq(entry: string): number {
  const figs = entry.split('\t')[1] ?? '';
  return Number(figs.slice(figs.lastIndexOf(',') + 1));
}
