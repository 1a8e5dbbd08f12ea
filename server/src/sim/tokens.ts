/**
 * Reporter tokens for the simulator. The loader writes them to data/tokens/{election}.csv as
 * `subject,role,token` (subject: 'nation' | 'province:XX' | polling-area id); tests hand them over as maps.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface SimTokens {
  nation?: string;
  /** Province code → that province's election committee token (sends the batches). */
  provinces: Map<string, string>;
  /** Polling-area id → the polling team's own token (sends its reports one by one). */
  areas: Map<string, string>;
}

export function defaultTokensPath(electionId: string, cwd = process.cwd()): string {
  return resolve(cwd, 'data', 'tokens', `${electionId}.csv`);
}

export function parseTokensCsv(text: string): SimTokens {
  const out: SimTokens = { provinces: new Map(), areas: new Map() };
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'subject,role,token') throw new Error('tokens file: expected header subject,role,token');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    const [subject, , token] = line.split(',');
    if (!subject || !token) throw new Error(`tokens file: line ${i + 1} is incomplete`);
    if (subject === 'nation') out.nation = token;
    else if (subject.startsWith('province:')) out.provinces.set(subject.slice(9), token);
    else out.areas.set(subject, token);
  }
  return out;
}

export function readTokensFile(path: string): SimTokens {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`no tokens at ${path}: load the election first (npm run fixtures:load -- --election …)`);
  }
  return parseTokensCsv(text);
}
