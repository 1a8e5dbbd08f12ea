import { emptyFigures } from '@ecc/shared';
import { describe, expect, it } from 'vitest';
import { areaStatus } from './area-status.js';

const f = (reporting: number, full: number) => ({ ...emptyFigures(), reporting, full });

describe('areaStatus', () => {
  it('ranks 100 % over silent over reported over not yet', () => {
    expect(areaStatus(f(1, 1), true)).toBe('full');
    expect(areaStatus(f(1, 0), true)).toBe('silent');
    expect(areaStatus(f(0, 0), true)).toBe('silent');
    expect(areaStatus(f(1, 0), false)).toBe('reported');
    expect(areaStatus(f(0, 0), false)).toBe('pending');
    expect(areaStatus(undefined, false)).toBe('pending');
  });
});
