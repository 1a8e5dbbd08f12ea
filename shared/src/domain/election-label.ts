import type { Election, ElectionKind, ElectionStatus } from '../schemas/election.js';

/** What every screen and every export of a drill carries, so a drill's figures are never taken for real ones. */
export interface DrillMark {
  vi: string;
  en: string;
  /** Both languages, for places with room for one line (PDF header, CSV first row, sheet title). */
  text: string;
  /** For file names (ASCII, no spaces): `DIEN-TAP`. */
  file: string;
}

const MARK: DrillMark = { vi: 'DIỄN TẬP', en: 'DRILL', text: 'DIỄN TẬP / DRILL', file: 'DIEN-TAP' };

export function isDrill(e: Pick<Election, 'kind'> | null | undefined): boolean {
  return e?.kind === 'drill';
}

/** The drill mark of an election, or null for a real one. */
export function drillMark(e: Pick<Election, 'kind'> | null | undefined): DrillMark | null {
  return isDrill(e) ? MARK : null;
}

/** A title with the drill mark in front (`DIỄN TẬP / DRILL — …`), unchanged for a real election. */
export function stampTitle(title: string, e: Pick<Election, 'kind'> | null | undefined): string {
  return isDrill(e) ? `${MARK.text} — ${title}` : title;
}

/** A download's file name with `DIEN-TAP-` in front for a drill. */
export function stampFileName(name: string, e: Pick<Election, 'kind'> | null | undefined): string {
  return isDrill(e) ? `${MARK.file}-${name}` : name;
}

/**
 * The first CSV row of a drill's export (`DIỄN TẬP / DRILL,<election id>`), before the header; [] for a real
 * election. `stripDrillRow` drops it again when such a file is imported.
 */
export function drillCsvRows(e: Pick<Election, 'kind' | 'id'> | null | undefined): string[][] {
  return isDrill(e) ? [[MARK.text, e!.id]] : [];
}

export function stripDrillRow(rows: string[][]): string[][] {
  return rows[0]?.[0]?.trim() === MARK.text ? rows.slice(1) : rows;
}

export const KIND_LABELS: Record<ElectionKind, { vi: string; en: string }> = {
  general: { vi: 'Bầu cử chung', en: 'General election' },
  'by-election': { vi: 'Bầu cử bổ sung', en: 'By-election' },
  're-vote': { vi: 'Bầu cử lại', en: 'Re-vote' },
  additional: { vi: 'Bầu cử thêm', en: 'Additional vote' },
  drill: { vi: 'Diễn tập', en: 'Drill' },
};

export const STATUS_LABELS: Record<ElectionStatus, { vi: string; en: string }> = {
  draft: { vi: 'Đang chuẩn bị', en: 'Draft' },
  locked: { vi: 'Đã khóa dữ liệu', en: 'Reference locked' },
  voting: { vi: 'Đang bỏ phiếu', en: 'Voting' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
};
