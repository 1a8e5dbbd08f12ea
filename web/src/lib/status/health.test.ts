import { describe, expect, it } from 'vitest';
import type { InstanceStatus, RedisStatus } from '../live/status-api.js';
import {
  INSTANCE_STALE_MS,
  MISSING_KEEP_MS,
  instanceHealth,
  loopLagLevel,
  memoryLevel,
  mergeInstances,
  persistenceChecks,
  seqLag,
  seqLagLevel,
  sortSilent,
  splitUptime,
  toMb,
} from './health.js';

const NOW = Date.parse('2026-03-15T10:00:00.000+07:00');
const iso = (ms: number) => new Date(ms).toISOString();

function instance(id: string, over: Partial<InstanceStatus> = {}): InstanceStatus {
  return {
    id,
    host: id,
    pid: 100,
    startedAt: iso(NOW - 3600_000),
    reportedAt: iso(NOW - 1000),
    ready: true,
    sockets: 3,
    ingestRate: 12.5,
    lastSeq: { e1: 40 },
    lastPubsubAt: null,
    rssBytes: 150 * 1024 * 1024,
    eventLoopLagMs: 11.2,
    lagBehind: 0,
    ...over,
  };
}

const redis: RedisStatus = {
  version: '7.2.4',
  usedMemoryBytes: 50 * 1024 * 1024,
  maxMemoryBytes: 0,
  aofEnabled: true,
  aofLastWriteStatus: 'ok',
  aofLastRewriteStatus: 'ok',
  aofDelayedFsync: 0,
  rdbLastSaveAt: NOW - 60_000,
  connectedClients: 6,
  opsPerSec: 420,
  uptimeSeconds: 93_784,
};

describe('instanceHealth', () => {
  it('is what the instance says while its report is fresh', () => {
    expect(instanceHealth(instance('a'), NOW)).toBe('ready');
    expect(instanceHealth(instance('a', { ready: false }), NOW)).toBe('notReady');
  });

  it('turns stale once the last report is older than 10 s, whatever it said', () => {
    expect(instanceHealth(instance('a', { reportedAt: iso(NOW - INSTANCE_STALE_MS) }), NOW)).toBe('ready');
    expect(instanceHealth(instance('a', { reportedAt: iso(NOW - INSTANCE_STALE_MS - 1) }), NOW)).toBe('stale');
    expect(instanceHealth(instance('a', { ready: false, reportedAt: iso(NOW - 60_000) }), NOW)).toBe('stale');
  });

  it('reads the server’s +07:00 timestamps, and treats an unreadable one as stale', () => {
    expect(instanceHealth(instance('a', { reportedAt: '2026-03-15T09:59:55.000+07:00' }), NOW)).toBe('ready');
    expect(instanceHealth(instance('a', { reportedAt: 'garbage' }), NOW)).toBe('stale');
  });
});

describe('mergeInstances', () => {
  it('lists the answer’s instances by id and keeps a vanished one as missing for 10 minutes', () => {
    const first = mergeInstances([], [instance('b'), instance('a')], NOW);
    expect(first.map((s) => [s.instance.id, s.health])).toEqual([
      ['a', 'ready'],
      ['b', 'ready'],
    ]);
    const later = NOW + 20_000;
    const second = mergeInstances(first, [instance('a', { reportedAt: iso(later - 500) })], later);
    expect(second.map((s) => [s.instance.id, s.health])).toEqual([
      ['a', 'ready'],
      ['b', 'missing'],
    ]);
    // Still missing on the next read (its last sighting is kept, not refreshed)…
    const third = mergeInstances(second, [], later + 2000);
    expect(third.find((s) => s.instance.id === 'b')).toMatchObject({ health: 'missing', seenAt: NOW });
    // …and dropped once it has been gone for longer than MISSING_KEEP_MS.
    expect(mergeInstances(third, [], NOW + MISSING_KEEP_MS + 1).map((s) => s.instance.id)).toEqual(['a']);
    expect(mergeInstances(third, [], later + MISSING_KEEP_MS + 1)).toEqual([]);
  });

  it('brings a returning instance back with its new numbers', () => {
    const gone = mergeInstances(mergeInstances([], [instance('a')], NOW), [], NOW + 20_000);
    const back = mergeInstances(gone, [instance('a', { pid: 200, reportedAt: iso(NOW + 21_000) })], NOW + 22_000);
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ health: 'ready', instance: { pid: 200 } });
  });
});

describe('persistenceChecks', () => {
  it('passes a healthy AOF', () => {
    expect(persistenceChecks(redis).every((c) => c.level === 'ok')).toBe(true);
  });

  it('flags AOF off, any status but "ok", and delayed fsyncs', () => {
    const bad = persistenceChecks({
      ...redis,
      aofEnabled: false,
      aofLastWriteStatus: 'err',
      aofLastRewriteStatus: '',
      aofDelayedFsync: 3,
    });
    expect(bad.map((c) => [c.key, c.level])).toEqual([
      ['aof', 'bad'],
      ['aofWrite', 'bad'],
      ['aofRewrite', 'bad'],
      ['delayedFsync', 'bad'],
    ]);
  });
});

describe('levels', () => {
  it('memory: no limit is fine, 80 % warns, 90 % is bad', () => {
    expect(memoryLevel(10, 0)).toBe('ok');
    expect(memoryLevel(79, 100)).toBe('ok');
    expect(memoryLevel(80, 100)).toBe('warn');
    expect(memoryLevel(90, 100)).toBe('bad');
  });

  it('event-loop lag and seq lag', () => {
    expect([loopLagLevel(20), loopLagLevel(100), loopLagLevel(500)]).toEqual(['ok', 'warn', 'bad']);
    expect([seqLagLevel(0), seqLagLevel(1), seqLagLevel(2), seqLagLevel(51)]).toEqual(['ok', 'ok', 'warn', 'bad']);
  });
});

describe('seqLag', () => {
  it('is the server’s lag once the instance has seen the election, unknown before', () => {
    expect(seqLag(instance('a', { lastSeq: { e1: 40 }, lagBehind: 2 }), 'e1')).toBe(2);
    expect(seqLag(instance('a', { lastSeq: {}, lagBehind: 24 }), 'e1')).toBeNull();
    expect(seqLag(instance('a', { lastSeq: { other: 3 }, lagBehind: 24 }), 'e1')).toBeNull();
  });
});

describe('sortSilent, toMb, splitUptime', () => {
  it('sorts provinces most silent first, ties by code, without touching the input', () => {
    const rows = [
      { code: '04', name: 'Cao Bằng', silent: 2 },
      { code: '01', name: 'Hà Nội', silent: 7 },
      { code: '08', name: 'Tuyên Quang', silent: 2 },
      { code: '11', name: 'Điện Biên', silent: 0 },
    ];
    expect(sortSilent(rows).map((r) => r.code)).toEqual(['01', '04', '08', '11']);
    expect(rows[0]!.code).toBe('04');
  });

  it('prints memory in MB and uptime as days and HH:MM:SS', () => {
    expect(toMb(150 * 1024 * 1024)).toBe(150);
    expect(splitUptime(93_784)).toEqual({ days: 1, hms: '02:03:04' });
    expect(splitUptime(59)).toEqual({ days: 0, hms: '00:00:59' });
  });
});
