import { describe, expect, it } from 'vitest';
import { parseTokensCsv } from './tokens.js';

describe('tokens CSV', () => {
  it('reads the loader format: nation, province committees, polling teams', () => {
    const t = parseTokensCsv(
      'subject,role,token\nnation,committee,tn\nprovince:01,committee,t01\n00004-0001,polling-team,ta\n\n',
    );
    expect(t.nation).toBe('tn');
    expect(t.provinces.get('01')).toBe('t01');
    expect(t.areas.get('00004-0001')).toBe('ta');
  });

  it('refuses another file', () => {
    expect(() => parseTokensCsv('id,token\n1,2\n')).toThrow(/header/);
    expect(() => parseTokensCsv('subject,role,token\nnation,committee\n')).toThrow(/line 2/);
  });
});
