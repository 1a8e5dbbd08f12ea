import { readFileSync } from 'node:fs';
import type { Redis } from './redis.js';

const cache = new Map<string, string>();

function source(name: string): string {
  let s = cache.get(name);
  if (s === undefined) {
    // `--#include name` pulls in a shared Lua helper (the audit chain is used by more than one script).
    s = readFileSync(new URL(`./scripts/${name}.lua`, import.meta.url), 'utf8').replace(
      /^--#include ([a-z-]+)$/gm,
      (_, lib: string) => source(lib),
    );
    cache.set(name, s);
  }
  return s;
}

/**
 * Runs a Lua script by SHA, loading it on NOSCRIPT (a restarted or fresh Redis has an empty script cache).
 */
export type ScriptTimer = (script: string, seconds: number) => void;

export class Script {
  private sha: string | undefined;
  constructor(
    private redis: Redis,
    private name: string,
    private timer?: ScriptTimer,
  ) {}

  async load(): Promise<void> {
    this.sha = await this.redis.scriptLoad(source(this.name));
  }

  get loaded(): boolean {
    return this.sha !== undefined;
  }

  async run(keys: string[], args: string[]): Promise<unknown> {
    const t0 = performance.now();
    try {
      return await this.runOnce(keys, args);
    } finally {
      this.timer?.(this.name, (performance.now() - t0) / 1000);
    }
  }

  private async runOnce(keys: string[], args: string[]): Promise<unknown> {
    if (!this.sha) await this.load();
    try {
      return await this.redis.evalSha(this.sha!, { keys, arguments: args });
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
      await this.load();
      return await this.redis.evalSha(this.sha!, { keys, arguments: args });
    }
  }
}
