import { randomBytes } from 'node:crypto';
import type { Principal } from '@ecc/shared';
import { placeLabel } from '@ecc/shared';
import type { AuditStore } from '../store/audit.store.js';
import { GLOBAL_KEYS } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { hashToken, newToken } from '../store/tokens.store.js';
import type { ElectionsService } from './elections.service.js';
import type { PlaceLookup } from './jurisdiction.js';
import { resolveJurisdiction } from './jurisdiction.js';
import type { Revoke } from './accounts.service.js';

export interface Wall {
  id: string;
  name: string;
  scope: string;
  election: string;
  createdAt: number;
  status: 'active' | 'revoked';
}

/**
 * Wall displays: long-lived read-only bearer tokens (no expiry; a wall runs unattended for days), one per
 * screen so each can be revoked alone. The token is shown once; Redis keeps only its SHA-256.
 */
export class WallsService {
  constructor(
    private redis: Redis,
    private audit: AuditStore,
    private elections: ElectionsService,
    private lookup: PlaceLookup,
    private revoke: Revoke,
    private now: () => number = Date.now,
  ) {}

  async list(): Promise<Wall[]> {
    const all = await this.redis.hGetAll(GLOBAL_KEYS.walls);
    return Object.values(all)
      .map((v) => JSON.parse(v) as Wall & { tokenHash: string })
      .map(({ tokenHash: _t, ...w }) => w);
  }

  async issue(actor: Principal, input: { name: string; scope?: string; election: string }, ip: string) {
    const scope = input.scope ?? 'nation';
    const place = await resolveJurisdiction(this.elections, this.lookup, input.election, 'wall-display', scope);
    if (!place) return null;
    const id = randomBytes(6).toString('hex');
    const token = newToken();
    const principal: Principal = {
      role: 'wall-display',
      election: input.election,
      name: input.name,
      jurisdiction: place,
      subject: `wall:${id}`,
      via: 'token',
    };
    const wall: Wall = {
      id,
      name: input.name,
      scope: placeLabel(place),
      election: input.election,
      createdAt: this.now(),
      status: 'active',
    };
    await this.audit.append([
      {
        ts: this.now(),
        who: actor.subject ?? actor.name,
        role: actor.role,
        act: 'walls:issue',
        ip,
        target: `wall:${id}`,
        outcome: 'ok',
        detail: wall.scope,
      },
    ]);
    await this.redis
      .multi()
      .hSet(GLOBAL_KEYS.tokens, hashToken(token), JSON.stringify(principal))
      .hSet(GLOBAL_KEYS.walls, id, JSON.stringify({ ...wall, tokenHash: hashToken(token) }))
      .exec();
    return { wall, token };
  }

  async revokeWall(actor: Principal, id: string, ip: string): Promise<boolean> {
    const raw = await this.redis.hGet(GLOBAL_KEYS.walls, id);
    if (!raw) return false;
    const w = JSON.parse(raw) as Wall & { tokenHash: string };
    await this.audit.append([
      {
        ts: this.now(),
        who: actor.subject ?? actor.name,
        role: actor.role,
        act: 'walls:revoke',
        ip,
        target: `wall:${id}`,
        outcome: 'ok',
        detail: '',
      },
    ]);
    await this.redis
      .multi()
      .hDel(GLOBAL_KEYS.tokens, w.tokenHash)
      .hSet(GLOBAL_KEYS.walls, id, JSON.stringify({ ...w, status: 'revoked' }))
      .exec();
    await this.revoke(`wall:${id}`);
    return true;
  }
}
