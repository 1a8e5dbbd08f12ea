import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountSheetPdf, issuedCsv } from '../export/account-sheets.js';
import { AccountsService } from '../services/accounts.service.js';
import { ElectionsService } from '../services/elections.service.js';
import type { Issued } from '../services/provisioning.service.js';
import { ProvisioningService } from '../services/provisioning.service.js';
import { AccountsStore } from '../store/accounts.store.js';
import { AuditStore } from '../store/audit.store.js';
import { createRedis } from '../store/redis.js';
import { areaExists, areasOfCommune, listUnits, unitProvince } from '../store/reference.store.js';
import { ScopesStore } from '../store/scopes.store.js';
import { SessionsStore } from '../store/sessions.store.js';

/**
 * `npm run accounts:provision -- <electionId> <outDir> [commune]`: creates every missing account of an election
 * (polling teams, commune committees and liaisons, election boards) and writes the one-time passwords to
 * <outDir>/accounts-issued.csv and one printable PDF per commune (boards of provincial and national units:
 * one per province). Run it on the operations machine; the passwords exist nowhere else.
 */
async function main() {
  const [election, out, commune] = process.argv.slice(2);
  if (!election || !out) throw new Error('usage: npm run accounts:provision -- <electionId> <outDir> [commune]');
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 30_000, 'ecc-provision');
  await redis.connect();
  try {
    const scopes = new ScopesStore(redis);
    await scopes.load();
    const elections = new ElectionsService(redis, scopes);
    const audit = new AuditStore(redis);
    const store = new AccountsStore(redis);
    const lookup = {
      unitProvince: (e: string, u: string) => unitProvince(redis, e, u),
      areaExists: (e: string, a: string) => areaExists(redis, e, a),
    };
    const accounts = new AccountsService(
      store,
      new SessionsStore(redis),
      audit,
      elections,
      lookup,
      async () => {},
      election,
    );
    const provisioning = new ProvisioningService(
      store,
      accounts,
      elections,
      { areasOf: (e, c) => areasOfCommune(redis, e, c), units: (e) => listUnits(redis, e) },
      audit,
    );
    const t0 = Date.now();
    const cli = {
      role: 'admin',
      election,
      name: 'cli',
      jurisdiction: { level: 'nation' },
      subject: 'cli',
      via: 'token',
    } as const;
    const issued = await provisioning.provision(cli, election, 'local', commune);
    mkdirSync(join(out, 'pdf'), { recursive: true });
    const info = (await elections.get(election))?.election ?? null;
    writeFileSync(join(out, 'accounts-issued.csv'), issuedCsv(issued, info), { mode: 0o600 });
    const bySheet = new Map<string, Issued[]>();
    for (const i of issued) bySheet.set(i.sheet, [...(bySheet.get(i.sheet) ?? []), i]);
    const printedAt = new Date().toISOString();
    for (const [sheet, list] of bySheet) {
      writeFileSync(join(out, 'pdf', `${sheet}.pdf`), await accountSheetPdf(sheet, list, printedAt, info), {
        mode: 0o600,
      });
    }
    console.log(
      `${issued.length} accounts issued, ${bySheet.size} sheets, in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${out}`,
    );
  } finally {
    await redis.quit();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
