/**
 * Turnout classes for the map: fixed breaks (a legend that never moves during the day) with more classes near
 * the top, where the last hours are decided, and a break at 50 % because the law does (§2.8: a unit's result
 * stands only if more than half its listed voters voted). Colours are viridis, a sequential scheme that stays
 * ordered for the common colour-vision deficiencies and in greyscale.
 */

/** Upper bounds of the classes in percent, inclusive: class 0 is ≤ 30 %, class 1 is (30, 50] … the last > 98 %. */
export const TURNOUT_BREAKS = [30, 50, 70, 80, 90, 95, 98] as const;

/** viridis, 8 steps, dark to bright. */
export const TURNOUT_COLORS = [
  '#440154',
  '#46327e',
  '#365c8d',
  '#277f8e',
  '#1fa187',
  '#4ac16d',
  '#a0da39',
  '#fde725',
] as const;

/** A unit where no polling area has reported yet: neutral grey, outside the scale. */
export const NO_DATA_COLOR = '#6b7280';

/** -1: nothing reported yet; else the class index. Exact integer comparison, so 50.00 % is never "above half". */
export function turnoutClass(voted: number, registered: number, reporting: number): number {
  if (reporting <= 0 || registered <= 0) return -1;
  const i = TURNOUT_BREAKS.findIndex((b) => 100 * voted <= b * registered);
  return i < 0 ? TURNOUT_BREAKS.length : i;
}

export function classColor(cls: number): string {
  return cls < 0 ? NO_DATA_COLOR : TURNOUT_COLORS[Math.min(cls, TURNOUT_COLORS.length - 1)]!;
}

export function turnoutColor(voted: number, registered: number, reporting: number): string {
  return classColor(turnoutClass(voted, registered, reporting));
}

/** The legend: one entry per class, labelled with vi-VN-free plain numbers ("≤ 30 %", "30–50 %", "> 98 %"). */
export function legendEntries(): { color: string; label: string }[] {
  const n = TURNOUT_BREAKS.length;
  return TURNOUT_COLORS.map((color, i) => ({
    color,
    label:
      i === 0
        ? `≤ ${TURNOUT_BREAKS[0]} %`
        : i === n
          ? `> ${TURNOUT_BREAKS[n - 1]} %`
          : `${TURNOUT_BREAKS[i - 1]}–${TURNOUT_BREAKS[i]} %`,
  }));
}
