import { describe, expect, it } from 'vitest';
import { areaLinesOfCommunes, decodeLogEntry, entryToSeq, splitNotification } from './update-codec.js';

describe('update codec (text written by ingest.lua)', () => {
  it('decodes a log entry with its range and children', () => {
    const u = decodeLogEntry(
      'nation',
      '5\t100,90,50,10,4,1,3,0,1773540000000,7\t01:60,55,30,6,2,1,2,0,1773540000000,4;79:40,35,20,4,2,0,1,0,1773539000000,3',
    );
    expect(u).toMatchObject({ scope: 'nation', fromSeq: 5, toSeq: 7 });
    expect(u!.figures).toMatchObject({ registered: 100, voted: 50, lastAt: 1773540000000, seq: 7 });
    expect(Object.keys(u!.children).sort()).toEqual(['01', '79']);
    expect(u!.children['79']!.voted).toBe(20);
  });
  it('splits a notification into scopes without decoding, and reads the end sequence cheaply', () => {
    const lines = splitNotification(
      'nation\t5\t1,1,1,1,1,1,1,1,1,7\t01:1,1,1,1,1,1,1,1,1,4\trid-a,rid-b\narea:00004-0001\t3\t1,1,1,1,1,1,0,0,9,3\t\t',
    );
    expect(lines.map((l) => l.scope)).toEqual(['nation', 'area:00004-0001']);
    expect(lines[0]!.rids).toEqual(['rid-a', 'rid-b']);
    expect(entryToSeq(lines[0]!.entry)).toBe(7);
    expect(decodeLogEntry(lines[1]!.scope, lines[1]!.entry)!.children).toEqual({});
  });
  it('derives area lines from their commune line, except for areas with a line of their own or no viewer', () => {
    const lines = splitNotification(
      [
        'commune:00004\t9\t5,5,5,2,2,0,0,0,9,10\t00004-0001:3,3,3,1,1,1,0,0,9,4;00004-0002:2,2,2,1,1,1,0,0,9,6;00004-0003:1,1,0,0,0,0,0,0,0,2\trid-a',
        'area:00004-0002\t5\t2,2,2,1,1,1,0,0,9,6\t\t',
      ].join('\n'),
    );
    const derived = areaLinesOfCommunes(lines, (s) => s !== 'area:00004-0003');
    expect(derived.map((l) => l.scope)).toEqual(['area:00004-0001']);
    const u = decodeLogEntry(derived[0]!.scope, derived[0]!.entry)!;
    expect(u).toMatchObject({ scope: 'area:00004-0001', fromSeq: 4, toSeq: 4, children: {} });
    expect(u.figures).toMatchObject({ registered: 3, voted: 3, seq: 4 });
    expect(areaLinesOfCommunes(lines, () => true).map((l) => l.scope)).toEqual(['area:00004-0001', 'area:00004-0003']);
  });
});
