import type { Ack, ClientToServerEvents, ScopeSnapshot, ServerToClientEvents, SubscribeResult } from '@ecc/shared';
import type { CountingSnapshot, CountingUpdate } from '@ecc/shared';
import { apiError, countingScopeSchema, parseCountingScope, scopeKind, scopeSchema } from '@ecc/shared';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import type { ScopesService } from '../services/scopes.service.js';
import type { ScopesStore } from '../store/scopes.store.js';
import { roomName } from './rooms.js';
import { SharedReads } from './shared-reads.js';

const anyScope = z.union([scopeSchema, countingScopeSchema]);
const subscribeSchema = z.strictObject({
  scope: anyScope,
  lastSeq: z.number().int().min(0).optional(),
});
const unsubscribeSchema = z.strictObject({ scope: anyScope });

/** Reads behind counting scopes (`count:{contest}:{scope}`): the same snapshot / log / sequence trio. */
export interface CountingLive {
  snapshot(electionId: string, scope: string): Promise<CountingSnapshot | null>;
  since(
    electionId: string,
    contest: string,
    inner: string,
    lastSeq: number,
    max: number,
  ): Promise<CountingUpdate | null>;
  seq(electionId: string, contest: string, inner: string): Promise<number>;
}

/** Beyond this many missed entries a snapshot is cheaper than replaying the log. */
export const MAX_DELTA_ENTRIES = 2000;
/** A socket may watch this many scopes at once (a wall needs a handful). */
const MAX_ROOMS = 64;

export interface SubscribeDeps {
  scopes: ScopesService;
  /** Null when the socket may read the scope; otherwise the error code (denials are audited by the caller). */
  mayRead: (socket: IoSocket, electionId: string, scope: string) => Promise<'FORBIDDEN' | null>;
  store: ScopesStore;
  electionOf: (socket: Socket) => string;
  onResync: (mode: SubscribeResult['mode']) => void;
  /** Snapshot reads shared by the sockets of one server (see shared-reads.ts). */
  snapshots: SharedReads<ScopeSnapshot | null>;
  counting?: CountingLive;
}

export const sharedSnapshots = () => new SharedReads<ScopeSnapshot | null>();

type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * `scope:subscribe` joins the room first and reads second, so no update can fall between the answer and the
 * stream; anything the stream repeats is older than the answer and the client ignores it by sequence.
 */
export function registerSubscribeHandlers(socket: IoSocket, d: SubscribeDeps): void {
  const electionId = d.electionOf(socket);

  socket.on('scope:subscribe', async (raw, ack) => {
    if (typeof ack !== 'function') return;
    const reply = (r: Ack<SubscribeResult>) => ack(r);
    const req = subscribeSchema.safeParse(raw);
    if (!req.success) return reply({ ok: false, error: apiError('INVALID_FIELD', 'scope') });
    if (socket.rooms.size > MAX_ROOMS) return reply({ ok: false, error: apiError('FORBIDDEN', 'scope') });
    const { scope, lastSeq } = req.data;
    // A counting scope is read under the rule of the place it names (a unit: its board, its province…).
    const denied = await d.mayRead(socket, electionId, parseCountingScope(scope)?.inner ?? scope);
    if (denied) return reply({ ok: false, error: apiError(denied, 'scope') });
    const room = roomName(electionId, scope);
    await socket.join(room);
    try {
      const result = await answer(d, electionId, scope, lastSeq);
      if (!result) {
        await socket.leave(room);
        return reply({ ok: false, error: apiError('SCOPE_NOT_FOUND', 'scope') });
      }
      d.onResync(result.mode);
      reply({ ok: true, data: result });
    } catch {
      reply({ ok: false, error: apiError('STORE_UNAVAILABLE') });
    }
  });

  socket.on('scope:unsubscribe', async (raw, ack) => {
    const req = unsubscribeSchema.safeParse(raw);
    if (!req.success) return typeof ack === 'function' && ack({ ok: false, error: apiError('INVALID_FIELD', 'scope') });
    await socket.leave(roomName(electionId, req.data.scope));
    if (typeof ack === 'function') ack({ ok: true, data: null });
  });
}

async function answer(
  d: SubscribeDeps,
  electionId: string,
  scope: string,
  lastSeq: number | undefined,
): Promise<SubscribeResult | null> {
  const counting = parseCountingScope(scope);
  if (counting) {
    if (!d.counting) return null;
    if (lastSeq !== undefined) {
      const current = await d.counting.seq(electionId, counting.contest, counting.inner);
      if (current === lastSeq) return { mode: 'current', seq: lastSeq };
      if (current > lastSeq) {
        const update = await d.counting.since(electionId, counting.contest, counting.inner, lastSeq, MAX_DELTA_ENTRIES);
        if (update) return { mode: 'delta', update };
      }
    }
    const snapshot = await d.counting.snapshot(electionId, scope);
    return snapshot ? { mode: 'snapshot', snapshot } : null;
  }
  if (lastSeq !== undefined && scopeKind(scope) !== 'area') {
    const [current] = await d.store.seqs(electionId, [scope]);
    if (current === lastSeq) return { mode: 'current', seq: lastSeq };
    if (current !== undefined && current > lastSeq) {
      const update = await d.store.since(electionId, scope, lastSeq, MAX_DELTA_ENTRIES);
      if (update) return { mode: 'delta', update };
    }
  }
  const snapshot = await d.snapshots.read(`${electionId}|${scope}`, () => d.scopes.snapshot(electionId, scope));
  return snapshot ? { mode: 'snapshot', snapshot } : null;
}
