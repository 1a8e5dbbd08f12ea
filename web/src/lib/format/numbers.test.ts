import { describe, expect, it } from 'vitest';
import { formatInt, formatPct, formatPercent, formatRatio } from './numbers.js';

describe('formatInt', () => {
  it('groups thousands with dots (vi-VN)', () => {
    expect(formatInt(76_188_970)).toBe('76.188.970');
    expect(formatInt(999)).toBe('999');
    expect(formatInt(0)).toBe('0');
  });
});

describe('formatRatio', () => {
  it('prints voted / registered', () => {
    expect(formatRatio(76_188_970, 76_436_561)).toBe('76.188.970 / 76.436.561');
  });
});

describe('formatPercent', () => {
  it('uses a decimal comma and two decimals', () => {
    expect(formatPercent(7009, 10_000)).toBe('70,09 %');
    expect(formatPercent(1, 1)).toBe('100,00 %');
    expect(formatPercent(1, 3)).toBe('33,33 %');
  });
  it('rounds half up on the third decimal exactly (the law), with no float drift', () => {
    expect(formatPercent(22_566, 100_000)).toBe('22,57 %');
    expect(formatPercent(22_565, 100_000)).toBe('22,57 %');
    expect(formatPercent(22_564, 100_000)).toBe('22,56 %');
    expect(formatPercent(2, 3)).toBe('66,67 %');
  });
  it('prints 0,00 % when nobody is registered', () => {
    expect(formatPercent(0, 0)).toBe('0,00 %');
  });
  it('agrees with the national total example', () => {
    expect(formatPercent(76_188_970, 76_436_561)).toBe('99,68 %');
  });
});

describe('formatPct', () => {
  it('prints a percentage value with a decimal comma and two decimals', () => {
    expect(formatPct(64.9)).toBe('64,90 %');
    expect(formatPct(99.675)).toMatch(/^99,6[78] %$/);
    expect(formatPct(0)).toBe('0,00 %');
  });
});
