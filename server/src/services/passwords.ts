import { randomInt } from 'node:crypto';
import argon2 from 'argon2';

/** OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): ~35 ms here, so a sign-in burst does not starve ingest. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

/**
 * One-time passwords are 80-bit random strings, beyond any guessing however cheap the hash, so they get a light
 * argon2id (4 MiB, 1 pass: ~2 ms instead of ~19 ms). That is what makes provisioning ~150,000 accounts take
 * minutes, not most of an hour, on two cores. The parameters live in the hash; a chosen password gets OPTIONS.
 */
export function hashOneTimePassword(password: string): Promise<string> {
  return argon2.hash(password, { ...OPTIONS, memoryCost: 4096, timeCost: 1 });
}

let dummy: Promise<string> | undefined;

/**
 * Verifies against the stored hash, or against a dummy hash when there is no account, so an unknown name
 * costs the same time as a wrong password (no timing hint whether the user exists).
 */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (!hash) {
    dummy ??= hashPassword('not-a-password-of-anyone');
    await argon2.verify(await dummy, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}

// No 0/O, 1/l/I: one-time passwords are read off paper and typed on phones.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password: 14 characters from 55 symbols ≈ 80 bits. */
export function oneTimePassword(length = 14): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

export const MIN_PASSWORD_LENGTH = 12;
