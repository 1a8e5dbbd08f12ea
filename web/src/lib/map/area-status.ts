import type { Figures } from '@ecc/shared';

/**
 * A polling area's state on the map. `silent`: it has not reported since the last expected checkpoint (the
 * server's /silent list); an area at 100 % is done and never silent, so `full` wins over `silent`.
 */
export type AreaStatus = 'full' | 'silent' | 'reported' | 'pending';

export const AREA_STATUSES: readonly AreaStatus[] = ['full', 'reported', 'silent', 'pending'];

/** Okabe–Ito colours: told apart with every common colour-vision deficiency. */
export const AREA_STATUS_COLORS: Record<AreaStatus, string> = {
  full: '#009E73',
  reported: '#56B4E9',
  silent: '#D55E00',
  pending: '#BBBBBB',
};

export function areaStatus(f: Figures | undefined, silent: boolean): AreaStatus {
  if (f && f.full > 0) return 'full';
  if (silent) return 'silent';
  return f && f.reporting > 0 ? 'reported' : 'pending';
}
