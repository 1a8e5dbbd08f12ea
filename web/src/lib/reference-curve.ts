/**
 * The national turnout snapshots the NEC / Election Press Centre published on 15 March 2026
 * (domain brief election-vn.md §3.1). Copied from fixtures/src/reference-curve.ts (REFERENCE_CURVE_2026) rather
 * than imported, so the web bundle never pulls in the fixtures generator. REAL published figures, shown on the
 * wall as "Số liệu công bố 2026 (HĐBCQG)"; source keys resolve in election-vn.md §9.
 */
export interface PublishedPoint {
  /** Local time of the snapshot (Asia/Ho_Chi_Minh), HH:MM on election day. */
  time: string;
  /** Published turnout, percent of listed voters (">70 %" is a lower bound, kept as 70). */
  pct: number;
  sources: readonly string[];
}

export const REFERENCE_CURVE_2026: readonly PublishedPoint[] = [
  { time: '11:20', pct: 70, sources: ['BTT-1120'] },
  { time: '14:15', pct: 80.6, sources: ['VOV-1415'] },
  { time: '20:00', pct: 99.38, sources: ['HLG-20H'] },
  { time: '22:10', pct: 99.64, sources: ['RU-VNP'] },
  { time: '23:00', pct: 99.68, sources: ['BDT-2326'] },
];
