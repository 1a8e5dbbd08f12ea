import type { Contest } from '@ecc/shared';
import { formatPercent } from '../format/numbers.js';
import type { ChartLook, ChartOption } from './echarts.js';

export interface UnitTurnout {
  id: string;
  name: string;
  contest: Contest;
  voted: number;
  registered: number;
}

/** At or below 50 % (the unit votes again, §2.8): vermillion; above: sky blue (Okabe–Ito, colour-blind safe). */
export const AT_OR_BELOW_COLOR = '#D55E00';
export const ABOVE_COLOR = '#56B4E9';

/**
 * The `limit` units whose turnout is closest to 50 %, either side, then listed lowest first so those at or below
 * the line sit together at the top of the chart.
 */
export function unitsNearHalf<T extends UnitTurnout>(units: readonly T[], limit: number): T[] {
  const share = (u: T) => u.voted / u.registered;
  const dist = (u: T) => Math.abs(share(u) - 0.5);
  return units
    .filter((u) => u.registered > 0)
    .sort((a, b) => dist(a) - dist(b) || share(a) - share(b) || a.id.localeCompare(b.id))
    .slice(0, limit)
    .sort((a, b) => share(a) - share(b) || a.id.localeCompare(b.id));
}

/** "Đơn vị bầu cử số 3, Thành phố Hà Nội" → "Số 3, Thành phố Hà Nội": the chart already says they are units. */
export function shortUnitName(name: string): string {
  return name.replace(/^Đơn vị bầu cử số\s+/u, 'Số ');
}

export function unitsOption(
  units: readonly UnitTurnout[],
  contestLabel: (c: Contest) => string,
  thresholdLabel: string,
  look: ChartLook,
): ChartOption {
  const r = look.rem;
  return {
    animation: false,
    grid: { left: 17 * r, right: 4.8 * r, top: 1.6 * r, bottom: 0.4 * r },
    xAxis: { type: 'value', min: 0, max: 100, show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: units.map((u) => `${contestLabel(u.contest)} · ${shortUnitName(u.name)}`),
      axisLabel: { color: look.text, fontSize: 0.9 * r, width: 16.4 * r, overflow: 'truncate' },
      axisLine: { lineStyle: { color: look.line } },
      axisTick: { show: false },
    },
    series: [
      {
        id: 'units',
        type: 'bar',
        barCategoryGap: '25%',
        barMaxWidth: 2 * r,
        silent: true,
        data: units.map((u) => ({
          value: u.registered > 0 ? (100 * u.voted) / u.registered : 0,
          itemStyle: { color: 2 * u.voted <= u.registered ? AT_OR_BELOW_COLOR : ABOVE_COLOR },
          label: {
            show: true,
            position: 'right',
            color: look.text,
            fontSize: 0.9 * r,
            formatter: formatPercent(u.voted, u.registered),
          },
        })),
        markLine: {
          silent: true,
          symbol: 'none',
          label: { show: true, formatter: thresholdLabel, color: look.text, fontSize: 0.85 * r, position: 'start' },
          lineStyle: { color: look.text, type: 'solid', width: 0.12 * r },
          data: [{ xAxis: 50 }],
        },
      },
    ],
  };
}
