import { describe, expect, it } from 'vitest';
import { parseCsv } from '@ecc/shared';
import { csvCell, toCsv } from './csv.js';

describe('csv', () => {
  it('neutralises spreadsheet formulas', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)']) expect(csvCell(s)).toBe(`'${s}`);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('Xã Đông Hòa')).toBe('Xã Đông Hòa');
  });
  it('round-trips quoted cells', () => {
    const text = toCsv(
      ['a', 'b'],
      [
        ['x,y', 'line\nbreak'],
        ['"q"', 'Tổ 1'],
      ],
    );
    expect(parseCsv(text)).toEqual([
      ['a', 'b'],
      ['x,y', 'line\nbreak'],
      ['"q"', 'Tổ 1'],
    ]);
  });
});
