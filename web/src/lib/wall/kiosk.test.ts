import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERVAL_S, focusSearch, parseKiosk, selectSearch } from './kiosk.js';

const k = (q: string) => parseKiosk(new URLSearchParams(q));

describe('parseKiosk', () => {
  it('defaults to the nation, both scenes every 30 s, dark, no tiles', () => {
    expect(k('')).toEqual({
      province: null,
      commune: null,
      scenes: ['map', 'charts'],
      intervalS: DEFAULT_INTERVAL_S,
      lang: null,
      theme: 'dark',
      tiles: null,
    });
  });
  it('reads every parameter', () => {
    expect(k('province=01&commune=00004&scenes=charts&interval=45&lang=en&theme=light')).toMatchObject({
      province: '01',
      commune: '00004',
      scenes: ['charts'],
      intervalS: 45,
      lang: 'en',
      theme: 'light',
    });
  });
  it('ignores malformed values instead of failing', () => {
    expect(k('province=1&commune=4&scenes=foo,,bar&interval=abc&lang=fr&theme=pink')).toMatchObject({
      province: null,
      commune: null,
      scenes: ['map', 'charts'],
      intervalS: DEFAULT_INTERVAL_S,
      lang: null,
      theme: 'dark',
    });
  });
  it('drops a commune without its province, keeps known scenes in order without repeats', () => {
    expect(k('commune=00004').commune).toBeNull();
    expect(k('scenes=charts,map,charts,x').scenes).toEqual(['charts', 'map']);
  });
  it('clamps the interval to 5 s … 1 h', () => {
    expect(k('interval=1').intervalS).toBe(5);
    expect(k('interval=99999').intervalS).toBe(3600);
  });
  it('accepts only http(s) or same-origin tile templates', () => {
    expect(k('tiles=https://t.example/{z}/{x}/{y}.png').tiles).toBe('https://t.example/{z}/{x}/{y}.png');
    expect(k('tiles=/tiles/{z}/{x}/{y}.png').tiles).toBe('/tiles/{z}/{x}/{y}.png');
    expect(k('tiles=javascript:alert(1)').tiles).toBeNull();
  });
});

describe('focusSearch', () => {
  it('changes the focus and keeps the other parameters', () => {
    const p = new URLSearchParams('election=e1&scenes=map&province=01&commune=00004');
    expect(focusSearch(p, '31', null)).toBe('?election=e1&scenes=map&province=31');
    expect(focusSearch(p, null, '00004')).toBe('?election=e1&scenes=map');
    expect(focusSearch(new URLSearchParams(), '01', '00004')).toBe('?province=01&commune=00004');
    expect(focusSearch(new URLSearchParams(), null, null)).toBe('');
  });
});

describe('selectSearch', () => {
  const p = new URLSearchParams('election=e1&province=01&commune=00004');
  it('drills down on a province or a commune', () => {
    expect(selectSearch(p, { province: null, commune: null }, { level: 'province', code: '31' })).toBe(
      '?election=e1&province=31',
    );
    expect(selectSearch(p, { province: '01', commune: null }, { level: 'commune', code: '00008' })).toBe(
      '?election=e1&province=01&commune=00008',
    );
  });
  it('goes up one level on the sea: commune → province → nation', () => {
    expect(selectSearch(p, { province: '01', commune: '00004' }, { level: 'up' })).toBe('?election=e1&province=01');
    expect(selectSearch(p, { province: '01', commune: null }, { level: 'up' })).toBe('?election=e1');
  });
});
