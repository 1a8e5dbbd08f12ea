/**
 * The docker-compose load balancer without Docker: the real nginx with deploy/nginx.conf, its upstream pointed at
 * local server processes and its listener at a free port. What the compose file runs is what the test proves.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NGINX_CONF = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

export interface RunningNginx {
  url: string;
  stop(): Promise<void>;
}

/**
 * deploy/nginx.conf with `server server:3000 …` replaced by the given upstreams and `listen 80` by `port`; the
 * public lookup's upstream (`server public:3000`) by `publicUpstreams` (the servers answer its reads too).
 */
export function siteConfig(upstreams: readonly string[], port: number, publicUpstreams = upstreams): string {
  const site = readFileSync(NGINX_CONF, 'utf8').replace(/^\s*server public:3000([^;]*);$/m, (_, opts: string) =>
    publicUpstreams.map((u) => `  server ${u}${opts};`).join('\n'),
  );
  const upstream = /^\s*server server:3000([^;]*);$/m;
  const listen = /^\s*listen 80;$/m;
  if (!upstream.test(site) || !listen.test(site))
    throw new Error('deploy/nginx.conf changed shape: update test/nginx.ts');
  return site
    .replace(upstream, (_, opts: string) => upstreams.map((u) => `  server ${u}${opts};`).join('\n'))
    .replace(listen, `  listen 127.0.0.1:${port};`);
}

export async function startNginx(
  upstreams: readonly string[],
  port: number,
  publicUpstreams = upstreams,
): Promise<RunningNginx> {
  if (!NGINX) throw new Error('nginx is not installed: bash scripts/ensure-deps.sh nginx');
  const dir = mkdtempSync(join(tmpdir(), 'ecc-nginx-'));
  // Started as root, nginx's workers run as an unprivileged user: they must reach the temp dirs (large bodies).
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'site.conf'), siteConfig(upstreams, port, publicUpstreams));
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
      `  include ${dir}/site.conf;`,
      '}',
    ].join('\n'),
  );
  const proc: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`nginx exited: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL'); // never leave an nginx behind a failed start
      throw new Error('nginx did not answer within 10 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
