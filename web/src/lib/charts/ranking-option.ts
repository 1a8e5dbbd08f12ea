import { percentHundredths } from '@ecc/shared';
import { formatPercent } from '../format/numbers.js';
import { turnoutColor } from '../map/colors.js';
import type { ChartLook, ChartOption } from './echarts.js';

export interface RankedPlace {
  name: string;
  voted: number;
  registered: number;
  reporting: number;
}

/**
 * Places lowest turnout first (the list arrives sorted), each bar in its map colour so the chart and the map
 * read as one picture, with the law-rounded percentage printed at the bar's end and a line at 50 %.
 */
export function rankingOption(places: readonly RankedPlace[], limit: number, look: ChartLook): ChartOption {
  const r = look.rem;
  const shown = places.slice(0, limit);
  return {
    animation: false,
    grid: { left: 10 * r, right: 4.8 * r, top: 0.4 * r, bottom: 0.4 * r },
    xAxis: { type: 'value', min: 0, max: 100, show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: shown.map((p) => p.name),
      axisLabel: { color: look.text, fontSize: 0.95 * r, width: 9.4 * r, overflow: 'truncate' },
      axisLine: { lineStyle: { color: look.line } },
      axisTick: { show: false },
    },
    series: [
      {
        id: 'places',
        type: 'bar',
        barCategoryGap: '25%',
        barMaxWidth: 2.2 * r,
        silent: true,
        data: shown.map((p) => ({
          value: percentHundredths(p.voted, p.registered) / 100,
          itemStyle: { color: turnoutColor(p.voted, p.registered, p.reporting) },
          label: {
            show: true,
            position: 'right',
            color: look.text,
            fontSize: 0.95 * r,
            formatter: formatPercent(p.voted, p.registered),
          },
        })),
        markLine: {
          silent: true,
          symbol: 'none',
          label: { show: false },
          lineStyle: { color: look.muted, type: 'dashed', width: 0.1 * r },
          data: [{ xAxis: 50 }],
        },
      },
    ],
  };
}
