import type { ChartLook, ChartOption } from './echarts.js';

export interface CandidateBar {
  name: string;
  /** Share of valid ballots in percent (2 decimals, §2.5). */
  share: number;
  elected: boolean;
}

/** Elected: bluish green; others: grey-blue (Okabe–Ito family, readable on the dark theme). */
export const ELECTED_COLOR = '#009E73';
export const OTHER_COLOR = '#56B4E9';

/**
 * A unit's candidates as horizontal bars of their share of valid ballots, highest first, with the 50 % line of
 * §2.8 (more than half is needed) and the elected marked by colour and a tick in the label.
 */
export function resultsOption(
  bars: readonly CandidateBar[],
  format: (pct: number) => string,
  halfLabel: string,
  look: ChartLook,
): ChartOption {
  const r = look.rem;
  return {
    animation: false,
    grid: { left: 13 * r, right: 6.5 * r, top: 1.8 * r, bottom: 0.4 * r },
    xAxis: { type: 'value', min: 0, max: 100, show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((b) => (b.elected ? `✓ ${b.name}` : b.name)),
      axisLabel: { color: look.text, fontSize: 0.85 * r, width: 12.5 * r, overflow: 'truncate' },
      axisLine: { lineStyle: { color: look.line } },
      axisTick: { show: false },
    },
    series: [
      {
        id: 'candidates',
        type: 'bar',
        barCategoryGap: '30%',
        silent: true,
        data: bars.map((b) => ({
          value: b.share,
          itemStyle: { color: b.elected ? ELECTED_COLOR : OTHER_COLOR },
          label: { show: true, position: 'right', color: look.text, fontSize: 0.85 * r, formatter: format(b.share) },
        })),
        markLine: {
          silent: true,
          symbol: 'none',
          label: { show: true, formatter: halfLabel, color: look.text, fontSize: 0.8 * r, position: 'start' },
          lineStyle: { color: look.accent, type: 'dashed', width: 0.12 * r },
          data: [{ xAxis: 50 }],
        },
      },
    ],
  };
}
