import type { Contest } from '../schemas/election.js';

/** Contest names as voters read them on the posted lists and the public page (§1.1). */
export const CONTEST_LABELS: Record<Contest, { vi: string; en: string }> = {
  na: { vi: 'Đại biểu Quốc hội', en: 'National Assembly' },
  pc: { vi: 'Đại biểu Hội đồng nhân dân tỉnh, thành phố', en: 'Provincial People’s Council' },
  cc: { vi: 'Đại biểu Hội đồng nhân dân xã, phường, đặc khu', en: 'Commune People’s Council' },
};

/** §2.1: voting runs 07:00–19:00; a team may open from 05:00 and close by 21:00 at the latest. */
export const USUAL_HOURS = { open: '07:00', close: '19:00' } as const;

/** The public page of a polling area: what its QR code opens (§5, posted beside the voter list). */
export function areaPublicPath(areaId: string, electionId?: string): string {
  return `/tra-cuu/${areaId}${electionId ? `?election=${encodeURIComponent(electionId)}` : ''}`;
}

/** "2026-03-15" → "15/03/2026", as dates are written in Vietnam. */
export function viDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}
