import { describe, expect, it } from 'vitest';
import { ELECTED_COLOR, OTHER_COLOR, resultsOption } from './results-option.js';

const look = { text: '#fff', muted: '#999', line: '#333', accent: '#fb0', reference: '#888', rem: 16 };

describe('unit results chart (§2.8)', () => {
  it('draws each candidate’s share with the 50 % line and marks the elected', () => {
    const o = resultsOption(
      [
        { name: 'Nguyễn Văn A', share: 62.5, elected: true },
        { name: 'Trần Thị B', share: 50, elected: false },
      ],
      (p) => `${p} %`,
      '50 %',
      look,
    );
    const s = (
      o.series as { data: { value: number; itemStyle: { color: string } }[]; markLine: { data: { xAxis: number }[] } }[]
    )[0]!;
    expect(s.data.map((d) => [d.value, d.itemStyle.color])).toEqual([
      [62.5, ELECTED_COLOR],
      [50, OTHER_COLOR],
    ]);
    expect(s.markLine.data).toEqual([{ xAxis: 50 }]);
    expect((o.yAxis as { data: string[] }).data).toEqual(['✓ Nguyễn Văn A', 'Trần Thị B']);
  });
});
