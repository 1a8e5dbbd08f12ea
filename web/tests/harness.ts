import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/** What every browser test of the web app shares: the built app, Debian's Chromium, the artifacts folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUILD_DIR = join(ROOT, 'web', 'build');
export const ARTIFACTS = join(ROOT, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const BUILD_INPUTS = ['web/src', 'web/static', 'web/svelte.config.js', 'web/vite.config.ts', 'shared/src'];
const LOCK = join(ROOT, 'web', '.build-lock');
const LOCK_STALE_MS = 5 * 60_000;

/** Newest modification time of a file, or of anything under a folder, to rebuild when a source changed. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function fresh(): boolean {
  const index = join(BUILD_DIR, 'index.html');
  const sources = Math.max(...BUILD_INPUTS.map((p) => newest(join(ROOT, p))));
  return existsSync(index) && statSync(index).mtimeMs > sources;
}

/** Takes the build lock (a directory: mkdir is atomic), waiting while another test file builds. */
async function lock(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch {
      // A lock left by a killed run would block every later run: past 5 minutes it is taken over.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmdirSync(LOCK);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Builds the web app when web/build is missing or older than its sources. Test files run in parallel, so the
 * build is serialised by a lock and re-checked after waiting: the first file builds, the others reuse it.
 */
export async function buildIfNeeded(): Promise<void> {
  if (fresh()) return;
  await lock();
  try {
    if (fresh()) return;
    await new Promise<void>((ok, fail) => {
      // vitest sets NODE_ENV=test, which would make vite bundle the development builds of svelte and kit.
      const env = { ...process.env, NODE_ENV: 'production' };
      const p = spawn('npm', ['run', 'build', '-w', 'web'], { cwd: ROOT, stdio: 'inherit', env });
      p.on('error', fail);
      p.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`web build exited with ${code}`))));
    });
  } finally {
    rmdirSync(LOCK);
  }
}

/** Headless Chromium with no outside network (the test machines have none). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
