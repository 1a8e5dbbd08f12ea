import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** SHA-256 sources of the inline scripts of an HTML page (SvelteKit's fallback page boots with one). */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
    out.push(`'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
  }
  return out;
}

/**
 * The Content-Security-Policy directives: scripts only from this origin plus the exact inline boot script of the
 * built web app (hashed at start, so no 'unsafe-inline' for scripts); inline styles stay allowed (Svelte style
 * attributes). No upgrade-insecure-requests: the server also runs on plain http on a LAN or localhost.
 */
export function cspDirectives(webDir?: string): Record<string, string[] | null> {
  const index = webDir ? join(webDir, 'index.html') : '';
  const hashes = index && existsSync(index) ? inlineScriptHashes(readFileSync(index, 'utf8')) : [];
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...hashes],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'upgrade-insecure-requests': null,
  };
}
