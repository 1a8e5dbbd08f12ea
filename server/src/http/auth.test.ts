import { describe, expect, it } from 'vitest';
import type { Principal } from '@ecc/shared';
import { BearerAuth } from './auth.js';

const principal = (name: string) => ({ role: 'polling-team', name }) as unknown as Principal;

describe('BearerAuth cache', () => {
  it('answers from the cache within 5 s and asks again after', async () => {
    let now = 0;
    let lookups = 0;
    const auth = new BearerAuth(
      async (t) => (lookups++, principal(t)),
      () => now,
    );
    expect((await auth.resolve('Bearer a'))?.name).toBe('a');
    now = 4999;
    await auth.resolve('Bearer a');
    expect(lookups).toBe(1);
    now = 5000;
    await auth.resolve('Bearer a');
    expect(lookups).toBe(2);
  });

  it('keeps no entry longer than two periods, however many tokens came', async () => {
    let now = 0;
    const auth = new BearerAuth(
      async (t) => principal(t),
      () => now,
    );
    for (let i = 0; i < 10_000; i++) await auth.resolve(`Bearer t${i}`);
    expect(auth.size).toBe(10_000);
    now = 6000;
    await auth.resolve('Bearer x');
    expect(auth.size).toBe(10_001); // the burst is now the previous generation
    now = 12_000;
    await auth.resolve('Bearer y');
    expect(auth.size).toBe(2);
    now = 30_000;
    await auth.resolve('Bearer z');
    expect(auth.size).toBe(1);
  });

  it('ignores anything that is not a bearer header', async () => {
    const auth = new BearerAuth(async () => principal('never'));
    expect(await auth.resolve(undefined)).toBeNull();
    expect(await auth.resolve('Basic abc')).toBeNull();
    expect(await auth.resolve('Bearer   ')).toBeNull();
  });
});
