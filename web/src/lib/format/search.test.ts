import { describe, expect, it } from 'vitest';
import { foldDiacritics, matchesQuery } from './search.js';

describe('foldDiacritics', () => {
  it('strips tones and vowel marks, maps đ to d and lower-cases', () => {
    expect(foldDiacritics('Hà Nội')).toBe('ha noi');
    expect(foldDiacritics('Thành phố Hồ Chí Minh')).toBe('thanh pho ho chi minh');
    expect(foldDiacritics('Đắk Lắk')).toBe('dak lak');
    expect(foldDiacritics('Phường Đống Đa')).toBe('phuong dong da');
    expect(foldDiacritics('Quảng Ngãi')).toBe('quang ngai');
  });
  it('folds precomposed (NFC) and decomposed (NFD) input alike', () => {
    expect(foldDiacritics('Hà Nội'.normalize('NFD'))).toBe(foldDiacritics('Hà Nội'.normalize('NFC')));
  });
  it('collapses and trims whitespace', () => {
    expect(foldDiacritics('  Hải   Phòng ')).toBe('hai phong');
  });
});

describe('matchesQuery', () => {
  it('ignores diacritics and case', () => {
    expect(matchesQuery('Hà Nội', 'ha noi')).toBe(true);
    expect(matchesQuery('Hà Nội', 'HA NOI')).toBe(true);
    expect(matchesQuery('Hà Nội', 'hà nội')).toBe(true);
    expect(matchesQuery('Hải Phòng', 'ha noi')).toBe(false);
  });
  it('matches words in any order and partial words', () => {
    expect(matchesQuery('Phường Ba Đình', 'dinh ba')).toBe(true);
    expect(matchesQuery('Phường Ba Đình', 'phuo')).toBe(true);
  });
  it('matches everything with an empty query', () => {
    expect(matchesQuery('Hà Nội', '')).toBe(true);
    expect(matchesQuery('Hà Nội', '   ')).toBe(true);
  });
});
