import { AccountsStore } from '../store/accounts.store.js';
import { usernameSchema } from '../store/accounts.store.js';
import { AuditStore } from '../store/audit.store.js';
import { createRedis } from '../store/redis.js';
import { hashPassword, oneTimePassword } from '../services/passwords.js';

/**
 * `npm run accounts:admin -- <username> [election]`: the first administrator, from the machine that runs Redis
 * (every other account is created through the API by an admin). Prints a one-time password once.
 */
async function main() {
  const [username, election = process.env.ELECTION_ID ?? 'qh16-2026'] = process.argv.slice(2);
  const name = usernameSchema.safeParse(username);
  if (!name.success) throw new Error('usage: npm run accounts:admin -- <username> [election]');
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 10_000, 'ecc-accounts-cli');
  await redis.connect();
  try {
    const password = oneTimePassword();
    const now = Date.now();
    await new AuditStore(redis).append([
      {
        ts: now,
        who: 'cli',
        role: 'admin',
        act: 'accounts:create',
        ip: 'local',
        target: name.data,
        outcome: 'ok',
        detail: 'admin nation',
      },
    ]);
    const created = await new AccountsStore(redis).create({
      username: name.data,
      role: 'admin',
      jurisdiction: { level: 'nation' },
      election,
      name: name.data,
      status: 'active',
      mustChangePassword: true,
      createdAt: now,
      lastSignInAt: 0,
      hash: await hashPassword(password),
    });
    if (!created) throw new Error(`${name.data} already exists`);
    console.log(`admin ${name.data} created; one-time password (change it at first sign-in): ${password}`);
  } finally {
    await redis.quit();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
