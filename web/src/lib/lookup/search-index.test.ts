import { describe, expect, it } from 'vitest';
import { foldAll, search } from './search-index.js';

describe('public lookup search (issue 8)', () => {
  const index = foldAll(
    [
      ['00004', 'Phường Ba Đình', 'Thành phố Hà Nội'],
      ['00008', 'Phường Ngọc Hà', 'Thành phố Hà Nội'],
      ['10507', 'Đặc khu Bạch Long Vĩ', 'Thành phố Hải Phòng'],
    ],
    (c) => `${c[1]} ${c[2]}`,
  );
  it('finds communes without diacritics, in any case, by words in any order', () => {
    expect(search(index, 'ba dinh').map((c) => c[0])).toEqual(['00004']);
    expect(search(index, 'HA NOI ngoc').map((c) => c[0])).toEqual(['00008']);
    expect(search(index, 'dac khu bach long').map((c) => c[0])).toEqual(['10507']);
    expect(search(index, 'Hải Phòng').map((c) => c[0])).toEqual(['10507']);
    expect(search(index, 'xyz')).toEqual([]);
  });
  it('caps the number of results', () => {
    expect(search(index, '', 2)).toHaveLength(2);
  });
});
