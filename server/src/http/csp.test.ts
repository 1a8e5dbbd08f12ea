import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cspDirectives, inlineScriptHashes } from './csp.js';

describe('csp', () => {
  it('hashes exactly the inline scripts, not external ones', () => {
    const body = '\n  boot();\n';
    const html = `<script src="/a.js"></script><div><script>${body}</script></div>`;
    const want = `'sha256-${createHash('sha256').update(body).digest('base64')}'`;
    expect(inlineScriptHashes(html)).toEqual([want]);
  });
  it('never allows unsafe-inline scripts', () => {
    expect(cspDirectives()['script-src']).toEqual(["'self'"]);
  });
});
