import { EV, toVnIso } from '@ecc/shared';
import type { Server } from 'socket.io';
import type { ScopesStore } from '../store/scopes.store.js';
import { parseRoom, roomName } from './rooms.js';

/**
 * Every few seconds each watched room hears its scope's latest sequence number, read from Redis, so an idle
 * display (or one whose instance missed a pub/sub message) notices it is behind and resyncs.
 *
 * A room that got an update since the previous beat is skipped: its clients already hold a newer sequence than
 * the beat would tell, and during a national burst the beats were a sixth of all messages written. No room goes
 * longer than two intervals (10 s by default) without a message.
 */
export function startHeartbeat(
  io: Server,
  store: ScopesStore,
  intervalMs: number,
  takeEmitted: () => ReadonlySet<string> = () => new Set(),
) {
  const beat = async () => {
    const byElection = new Map<string, string[]>();
    const skip = takeEmitted();
    for (const room of io.of('/').adapter.rooms.keys()) {
      if (skip.has(room)) continue;
      const r = parseRoom(room);
      if (!r) continue; // socket-id rooms
      const list = byElection.get(r.electionId) ?? [];
      list.push(r.scope);
      byElection.set(r.electionId, list);
    }
    const serverTime = toVnIso(Date.now());
    for (const [electionId, scopes] of byElection) {
      const seqs = await store.seqs(electionId, scopes);
      scopes.forEach((scope, i) => {
        io.local.to(roomName(electionId, scope)).emit(EV.heartbeat, { scope, seq: seqs[i] ?? -1, serverTime });
      });
    }
  };
  const timer = setInterval(() => void beat().catch(() => {}), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), beat };
}
