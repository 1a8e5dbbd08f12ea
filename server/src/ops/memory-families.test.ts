import { describe, expect, it } from 'vitest';
import { familyTable, groupFamilies, keyFamily } from './memory-families.js';

describe('memory report: key families', () => {
  it('names a family by its pattern: election tag, contests and ids folded', () => {
    expect(keyFamily('ecc:{qh16-2026}:clog:na:unit:na-01-1')).toBe('ecc:{E}:clog:{contest}:unit:*');
    expect(keyFamily('ecc:{qh16-2026}:crec:00001-0002:cc')).toBe('ecc:{E}:crec:*:{contest}');
    expect(keyFamily('ecc:{e}:log:nation')).toBe('ecc:{E}:log:nation');
    expect(keyFamily('ecc:session:3f2a9')).toBe('ecc:session:*');
    expect(keyFamily('ecc:tokens')).toBe('ecc:tokens');
  });

  it('sums bytes, keys and elements per family, largest first, and tabulates them', () => {
    const f = groupFamilies([
      { key: 'ecc:{a}:hist:00001-0001', type: 'list', bytes: 100, elements: 2 },
      { key: 'ecc:{a}:hist:00001-0002', type: 'list', bytes: 300, elements: 4 },
      { key: 'ecc:{a}:audit', type: 'stream', bytes: 200, elements: 1 },
    ]);
    expect(f).toEqual([
      { family: 'ecc:{E}:hist:*', type: 'list', keys: 2, bytes: 400, elements: 6 },
      { family: 'ecc:{E}:audit', type: 'stream', keys: 1, bytes: 200, elements: 1 },
    ]);
    const table = familyTable(f, 1);
    expect(table).toContain('| `ecc:{E}:hist:*` | list | 0.0 | 2 | 6 | 67 |');
    expect(table).toContain('| 1 other families |');
  });
});
