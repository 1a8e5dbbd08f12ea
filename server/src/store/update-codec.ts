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

/** The sequence number a log entry ends at (the last figure), without decoding the rest. */
export function entryToSeq(entry: string): number {
  const figs = entry.split('\t')[1] ?? '';
  return Number(figs.slice(figs.lastIndexOf(',') + 1));
}
