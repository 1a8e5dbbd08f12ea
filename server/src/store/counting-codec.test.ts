import { describe, expect, it } from 'vitest';
import { unpackCands } from './counting-codec.js';

describe('counting record codec: candidate votes', () => {
  it('expands the unit-relative form and leaves the full form as it is', () => {
    expect(unpackCands('~01=435;02=1007', 'na-01-10')).toBe('c-na-01-10-01=435;c-na-01-10-02=1007');
    expect(unpackCands('c-x=1;c-y=2', 'na-01-10')).toBe('c-x=1;c-y=2');
    expect(unpackCands('', 'na-01-10')).toBe('');
    expect(unpackCands(null, null)).toBe('');
  });
});
