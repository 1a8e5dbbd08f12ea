import { describe, expect, it } from 'vitest';
import { homePath } from './home.js';

describe('a tablet opens on its own jurisdiction', () => {
  it('maps each jurisdiction to its page, and anything else to the national overview', () => {
    expect(homePath('province:01')).toBe('/province/01');
    expect(homePath('commune:00004')).toBe('/commune/00004');
    expect(homePath('area:00004-0003')).toBe('/commune/00004');
    expect(homePath('nation')).toBe('/');
    expect(homePath('unit:na-01-01')).toBe('/');
    expect(homePath(null)).toBe('/');
    expect(homePath('province:../x')).toBe('/');
  });
});
