import { describe, expect, it } from 'vitest';
import { TURNOUT_COLORS } from '../map/colors.js';
import { curveOption } from './curve-option.js';
import type { ChartLook } from './echarts.js';
import { rankingOption } from './ranking-option.js';
import { AT_OR_BELOW_COLOR, ABOVE_COLOR, shortUnitName, unitsNearHalf, unitsOption } from './units-option.js';

const look: ChartLook = { text: '#fff', muted: '#aaa', line: '#333', accent: '#fb0', reference: '#ccc', rem: 20 };
const unit = (id: string, voted: number, registered = 1000) => ({
  id,
  name: `Đơn vị bầu cử số ${id}, Tỉnh X`,
  contest: 'na' as const,
  voted,
  registered,
});

describe('unitsNearHalf', () => {
  it('takes the units closest to 50 % on either side (the lower on a tie), listed lowest first', () => {
    const got = unitsNearHalf(
      [unit('a', 100), unit('b', 490), unit('c', 510), unit('d', 505), unit('f', 495), unit('e', 0, 0)],
      3,
    );
    expect(got.map((u) => u.id)).toEqual(['b', 'f', 'd']);
  });
});

describe('shortUnitName', () => {
  it('drops the words every unit name starts with', () => {
    expect(shortUnitName('Đơn vị bầu cử số 3, Thành phố Hà Nội')).toBe('Số 3, Thành phố Hà Nội');
    expect(shortUnitName('Khác')).toBe('Khác');
  });
});

describe('chart options', () => {
  it('colours units at or below exactly 50 % apart from those above', () => {
    const o = unitsOption([unit('a', 500), unit('b', 501)], () => 'QH', '50 %', look);
    const data = (o.series as { data: { itemStyle: { color: string } }[] }[])[0]!.data;
    expect(data.map((d) => d.itemStyle.color)).toEqual([AT_OR_BELOW_COLOR, ABOVE_COLOR]);
  });
  it('ranks at most `limit` places with their map colour and the printed percentage', () => {
    const places = [
      { name: 'A', voted: 100, registered: 1000, reporting: 1 },
      { name: 'B', voted: 990, registered: 1000, reporting: 1 },
      { name: 'C', voted: 999, registered: 1000, reporting: 1 },
    ];
    const o = rankingOption(places, 2, look);
    const series = (
      o.series as { data: { value: number; itemStyle: { color: string }; label: { formatter: string } }[] }[]
    )[0]!;
    expect(series.data.map((d) => [d.value, d.itemStyle.color, d.label.formatter])).toEqual([
      [10, TURNOUT_COLORS[0], '10,00 %'],
      [99, TURNOUT_COLORS[7], '99,00 %'],
    ]);
  });
  it('draws the reference curve and the live curve on a fixed frame', () => {
    const o = curveOption(
      [
        [420, 0],
        [480, 10],
      ],
      [[680, 70]],
      look,
    );
    expect((o.series as { id: string; data: unknown[] }[]).map((s) => [s.id, s.data])).toEqual([
      ['reference', [[680, 70]]],
      ['actual', [[420, 0], { value: [480, 10], symbol: 'circle', symbolSize: 14 }]],
    ]);
    expect(o.yAxis).toMatchObject({ min: 0, max: 100 });
  });
});
