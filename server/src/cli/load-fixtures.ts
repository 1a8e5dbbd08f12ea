/**
 * Loads the national reference data into Redis under one election id and issues reporter tokens.
 *   npm run fixtures:load -- [--election qh16-2026] [--seed 2026] [--reset] [--small]
 * Already loaded → nothing is changed (safe on every start); --reset replaces that election only.
 * Tokens go to ./data/tokens/{election}.csv (mode 600): scope or area id, role, token.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateNational, generateSmall } from '@ecc/fixtures';
import { loadConfig } from '../config.js';
import { deleteElection, isLoaded, loadReference } from '../store/reference.store.js';
import { createRedis } from '../store/redis.js';
import { issueTokens, reporterPrincipals } from '../store/tokens.store.js';

export function tokensPath(electionId: string): string {
  return resolve(process.cwd(), 'data', 'tokens', `${electionId}.csv`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      election: { type: 'string', default: 'qh16-2026' },
      seed: { type: 'string', default: '2026' },
      reset: { type: 'boolean', default: false },
      small: { type: 'boolean', default: false },
      mode: { type: 'string', default: 'simulation' },
    },
  });
  const config = loadConfig();
  const id = values.election;
  const redis = createRedis(config.REDIS_URL, 30_000, 'ecc-loader');
  await redis.connect();
  try {
    if (await isLoaded(redis, id)) {
      if (!values.reset) {
        console.log(`  election ${id} is already loaded (use --reset to replace it)`);
        return;
      }
      await deleteElection(redis, id);
    }
    const t0 = Date.now();
    const gen = values.small ? generateSmall : generateNational;
    const mode = values.mode === 'live' ? 'live' : 'simulation';
    const data = gen({ seed: Number(values.seed), election: { id, mode } });
    const t1 = Date.now();
    await loadReference(redis, data);
    const principals = reporterPrincipals(data);
    const tokens = await issueTokens(redis, principals);
    const file = tokensPath(id);
    mkdirSync(dirname(file), { recursive: true });
    const rows = principals.map((p, i) =>
      p.role === 'polling-team' ? `${p.areaId},${p.role},${tokens[i]}` : `${p.scope},${p.role},${tokens[i]}`,
    );
    writeFileSync(file, `subject,role,token\n${rows.join('\n')}\n`, { mode: 0o600 });
    const voters = data.areas.reduce((s, a) => s + a.registered.na, 0);
    console.log(
      `  loaded ${id}: ${data.provinces.length} provinces, ${data.communes.length} communes, ` +
        `${data.areas.length.toLocaleString('vi-VN')} polling areas, ${voters.toLocaleString('vi-VN')} voters, ` +
        `${data.units.length.toLocaleString('vi-VN')} units, ${data.candidates.length.toLocaleString('vi-VN')} candidates ` +
        `(generated in ${t1 - t0} ms, written in ${Date.now() - t1} ms); tokens in ${file}`,
    );
  } finally {
    await redis.quit();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
