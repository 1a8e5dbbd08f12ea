import { describe, expect, it } from 'vitest';
import { NO_DATA_COLOR, TURNOUT_COLORS, classColor, legendEntries, turnoutClass, turnoutColor } from './colors.js';

describe('turnoutClass', () => {
  it('is -1 until a polling area has reported', () => {
    expect(turnoutClass(0, 1000, 0)).toBe(-1);
    expect(turnoutClass(0, 0, 1)).toBe(-1);
  });
  it('puts exactly 50 % in the class at or below half (the law), one voter more above it', () => {
    expect(turnoutClass(500, 1000, 1)).toBe(1);
    expect(turnoutClass(501, 1000, 1)).toBe(2);
    // 50.004 % prints as 50,00 % but is more than half: it belongs above the line
    expect(turnoutClass(50_004, 100_000, 1)).toBe(2);
  });
  it('covers the whole range with upper-inclusive classes', () => {
    expect(turnoutClass(0, 1000, 1)).toBe(0);
    expect(turnoutClass(300, 1000, 1)).toBe(0);
    expect(turnoutClass(301, 1000, 1)).toBe(1);
    expect(turnoutClass(980, 1000, 1)).toBe(6);
    expect(turnoutClass(981, 1000, 1)).toBe(7);
    expect(turnoutClass(1000, 1000, 1)).toBe(7);
  });
});

describe('colours', () => {
  it('maps classes to viridis and no data to grey', () => {
    expect(classColor(-1)).toBe(NO_DATA_COLOR);
    expect(classColor(0)).toBe(TURNOUT_COLORS[0]);
    expect(turnoutColor(1000, 1000, 1)).toBe(TURNOUT_COLORS[7]);
  });
  it('uses distinct colours, dark to bright', () => {
    expect(new Set(TURNOUT_COLORS).size).toBe(TURNOUT_COLORS.length);
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const l = TURNOUT_COLORS.map(luminance);
    for (let i = 1; i < l.length; i++) expect(l[i]!).toBeGreaterThan(l[i - 1]!);
  });
  it('labels the legend from the breaks', () => {
    expect(legendEntries().map((e) => e.label)).toEqual([
      '≤ 30 %',
      '30–50 %',
      '50–70 %',
      '70–80 %',
      '80–90 %',
      '90–95 %',
      '95–98 %',
      '> 98 %',
    ]);
  });
});
