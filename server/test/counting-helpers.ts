import type { Contest, CountingRecord, PollingArea } from '@ecc/shared';
import { createRng } from '@ecc/fixtures';
import { consistentRecord } from '../src/sim/counting-records.js';
import type { RecordShape } from '../src/sim/counting-records.js';
import type { Seeded } from './helpers.js';
import { atLocal, post } from './helpers.js';

/** A record that passes every hard identity, for the area's unit of that contest (the simulator's generator). */
export function recordFor(
  seed: Seeded,
  area: PollingArea,
  contest: Contest,
  time = '19:30',
  shape: RecordShape = { turnout: 0.9 },
  rngSeed = 1,
): CountingRecord {
  const unitId = area.units[contest];
  const unit = seed.data.units.find((u) => u.id === unitId)!;
  const candidates = seed.data.candidates.filter((c) => c.unitId === unitId);
  return consistentRecord(
    createRng(rngSeed),
    area,
    contest,
    unit.seats,
    candidates,
    atLocal(area.votingDate, time),
    shape,
  );
}

export function countingGet(url: string, election: string, path: string) {
  const sep = path.includes('?') ? '&' : '?';
  return fetch(`${url}/api/v1${path}${sep}election=${election}`).then((r) => r.json() as Promise<Record<string, any>>);
}

let keyCounter = 0;
export const freshKey = (tag = 'c') => `${tag}-${process.pid}-${++keyCounter}-${Date.now()}`;

export function submitRecord(url: string, token: string, rec: unknown, key = freshKey()) {
  return post(url, '/api/v1/counting/records', token, rec, key);
}
