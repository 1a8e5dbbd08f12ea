import type { Figures } from '@ecc/shared';
import { EV, figuresFromArray } from '@ecc/shared';
import type { Server } from 'socket.io';
import { GLOBAL_KEYS } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { Coalescer } from './coalescer.js';
import { roomName } from './rooms.js';

/** The notification the ingest script publishes: absolute figures of the area and its three ancestors. */
interface Notification {
  a: string;
  c: string;
  p: string;
  n: number[];
  pf: number[];
  cf: number[];
  af: number[];
}

export interface FanoutStats {
  received: number;
  emitted: number;
  merged: () => number;
}

/**
 * Every server instance consumes the Redis channel itself and emits only to its own sockets
 * (`io.local`), coalesced per room. No Socket.io adapter is involved, so no update is delivered twice.
 */
export function startFanout(io: Server, subscriber: Redis, coalesceMs: number) {
  const coalescer = new Coalescer();
  const stats: FanoutStats = { received: 0, emitted: 0, merged: () => coalescer.merged };
  const rooms = io.of('/').adapter.rooms;

  const add = (electionId: string, scope: string, f: Figures, childId?: string, child?: Figures) => {
    const room = roomName(electionId, scope);
    if (rooms.has(room)) coalescer.add(room, scope, f.seq, f, childId, child);
  };

  const onMessage = (message: string, channel: string) => {
    stats.received++;
    const electionId = channel.slice(5, channel.indexOf('}'));
    const m = JSON.parse(message) as Notification;
    const n = figuresFromArray(m.n);
    const p = figuresFromArray(m.pf);
    const c = figuresFromArray(m.cf);
    const a = figuresFromArray(m.af);
    add(electionId, 'nation', n, m.p, p);
    add(electionId, `province:${m.p}`, p, m.c, c);
    add(electionId, `commune:${m.c}`, c, m.a, a);
    add(electionId, `area:${m.a}`, a);
  };

  const timer = setInterval(() => {
    for (const [room, update] of coalescer.drain()) {
      io.local.to(room).emit(EV.updated, update);
      stats.emitted++;
    }
  }, coalesceMs);
  timer.unref();

  const ready = subscriber.pSubscribe(GLOBAL_KEYS.updatesPattern, onMessage);
  return {
    ready,
    stats,
    stop: async () => {
      clearInterval(timer);
      await subscriber.pUnsubscribe(GLOBAL_KEYS.updatesPattern).catch(() => {});
    },
  };
}
