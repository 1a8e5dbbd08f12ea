import { EV, scopeKind } from '@ecc/shared';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { Metrics } from '../observability/metrics.js';
import { GLOBAL_KEYS } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { areaLinesOfCommunes, decodeLogEntry, entryToSeq, splitNotification } from '../store/update-codec.js';
import { decodeCountEntry, isCountScope } from '../store/counting-codec.js';
import type { CountUpdate } from '../store/counting-codec.js';
import { Coalescer } from './coalescer.js';
import { parseRoom, roomName } from './rooms.js';

export interface FanoutDeps {
  io: Server;
  subscriber: Redis;
  coalesceMs: number;
  metrics: Metrics;
  log: Logger;
}

/**
 * Every server instance consumes the Redis channel itself and emits only to its own sockets
 * (`io.local`), coalesced per room. No Socket.io adapter is involved, so no update is delivered twice.
 */
export function startFanout({ io, subscriber, coalesceMs, metrics, log }: FanoutDeps) {
  const coalescer = new Coalescer();
  // Counting scopes travel on the same channel and are emitted as `counting:updated` (shared/src/events.ts).
  const counts = new Coalescer<CountUpdate>();
  const stats = { received: 0, emitted: 0, lastMessageAt: 0, lastSeq: {} as Record<string, number> };
  const adapter = io.of('/').adapter;
  const rooms = adapter.rooms;
  let areaRooms = 0;
  const isAreaRoom = (room: string) => parseRoom(room)?.scope.startsWith('area:') === true;
  adapter.on('create-room', (room: string) => void (isAreaRoom(room) && areaRooms++));
  adapter.on('delete-room', (room: string) => void (isAreaRoom(room) && areaRooms--));
  /** Rooms that got an update since the last heartbeat: their clients already hold the latest sequence. */
  let emittedSinceBeat = new Set<string>();

  const onMessage = (message: string, channel: string) => {
    stats.received++;
    stats.lastMessageAt = Date.now();
    metrics.pubsubIn.inc();
    const electionId = channel.slice(5, channel.indexOf('}'));
    const lines = splitNotification(message);
    // Area updates ride on their commune's line (ingest.lua): derived only while some area room exists here.
    if (areaRooms > 0) lines.push(...areaLinesOfCommunes(lines, (scope) => rooms.has(roomName(electionId, scope))));
    for (const line of lines) {
      if (line.scope === 'nation') stats.lastSeq[electionId] = entryToSeq(line.entry);
      const room = roomName(electionId, line.scope);
      if (!rooms.has(room)) continue;
      if (isCountScope(line.scope)) {
        const u = decodeCountEntry(line.scope, line.entry);
        if (u) counts.add(room, u, line.rids);
        continue;
      }
      const update = decodeLogEntry(line.scope, line.entry);
      if (!update) continue;
      const before = coalescer.merged;
      coalescer.add(room, update, line.rids);
      if (coalescer.merged > before) metrics.coalesced.inc();
    }
  };

  const debug = () => log.isLevelEnabled('debug');
  const timer = setInterval(() => {
    for (const [room, update, rids] of coalescer.drain()) {
      const kind = scopeKind(update.scope);
      const sockets = rooms.get(room)?.size ?? 0;
      io.local.to(room).emit(EV.updated, update);
      emittedSinceBeat.add(room);
      stats.emitted++;
      metrics.emits.inc({ kind });
      metrics.deliveries.inc({ kind }, sockets);
      if (debug()) log.debug({ room, fromSeq: update.fromSeq, toSeq: update.toSeq, sockets, rids }, 'emit');
    }
    for (const [room, update] of counts.drain()) {
      io.local.to(room).emit(EV.countingUpdated, update);
      emittedSinceBeat.add(room);
      stats.emitted++;
      metrics.emits.inc({ kind: 'counting' });
      metrics.deliveries.inc({ kind: 'counting' }, rooms.get(room)?.size ?? 0);
    }
  }, coalesceMs);
  timer.unref();

  const ready = subscriber.pSubscribe(GLOBAL_KEYS.updatesPattern, onMessage);
  return {
    ready,
    stats,
    /** The rooms updated since the previous call (the heartbeat skips them). */
    takeEmitted(): Set<string> {
      const taken = emittedSinceBeat;
      emittedSinceBeat = new Set();
      return taken;
    },
    stop: async () => {
      clearInterval(timer);
      await subscriber.pUnsubscribe(GLOBAL_KEYS.updatesPattern).catch(() => {});
    },
  };
}
