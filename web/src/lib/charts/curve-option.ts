import { formatPct } from '../format/numbers.js';
import { formatMinuteOfDay } from '../format/time.js';
import type { ChartLook, ChartOption } from './echarts.js';

/** Election day from 06:00 to 23:00 (the last published 2026 snapshot), in minutes since midnight. */
export const CURVE_FROM_MIN = 6 * 60;
export const CURVE_TO_MIN = 23 * 60;

/**
 * Turnout through the day: the focus's own series (solid, filled) over the 2026 published national snapshots
 * (dashed, with a dot per published point), on a fixed 0–100 % by 06:00–23:00 frame so the picture never rescales.
 */
export function curveOption(
  actual: readonly [number, number][],
  reference: readonly [number, number][],
  look: ChartLook,
): ChartOption {
  const r = look.rem;
  const axisText = { color: look.muted, fontSize: 0.9 * r };
  return {
    animation: false,
    grid: { left: 3.2 * r, right: 4.6 * r, top: 3.6 * r, bottom: 2 * r },
    xAxis: {
      type: 'value',
      min: CURVE_FROM_MIN,
      max: CURVE_TO_MIN,
      interval: 180,
      axisLabel: { ...axisText, hideOverlap: true, formatter: (v: number) => formatMinuteOfDay(v) },
      axisLine: { lineStyle: { color: look.line } },
      splitLine: { lineStyle: { color: look.line, opacity: 0.5 } },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 100,
      interval: 25,
      axisLabel: { ...axisText, formatter: (v: number) => `${v} %` },
      splitLine: { lineStyle: { color: look.line, opacity: 0.5 } },
    },
    series: [
      {
        id: 'reference',
        type: 'line',
        data: reference.map((p) => [...p]),
        lineStyle: { color: look.reference, width: 0.15 * r, type: 'dashed' },
        itemStyle: { color: look.reference },
        symbol: 'circle',
        symbolSize: 0.6 * r,
        silent: true,
      },
      {
        id: 'actual',
        type: 'line',
        data: actual.map((p, i) =>
          i === actual.length - 1 ? { value: [...p], symbol: 'circle', symbolSize: 0.7 * r } : [...p],
        ),
        lineStyle: { color: look.accent, width: 0.22 * r },
        itemStyle: { color: look.accent },
        areaStyle: { color: look.accent, opacity: 0.15 },
        // Only the latest point is marked, with its value beside it: the figure the room is watching.
        symbol: 'none',
        endLabel: {
          show: actual.length > 0,
          color: look.accent,
          fontSize: 1.1 * r,
          fontWeight: 'bold',
          formatter: (p: { value: unknown }) => formatPct((p.value as number[])[1] ?? 0),
        },
        silent: true,
      },
    ],
  };
}
