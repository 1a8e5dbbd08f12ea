import type { Incident, IncidentHeartbeat, IncidentUpdate } from '@ecc/shared';
import { EV_INCIDENTS } from '@ecc/shared';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import { countsFromHash, incidentFromHash } from '../store/incident-codec.js';
import type { IncidentsStore } from '../store/incidents.store.js';
import { GLOBAL_KEYS } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { incidentRoomName, parseIncidentRoom } from './rooms.js';

interface Notification {
  incidents: Record<string, string>[];
  scopes: Record<string, Record<string, string>>;
}

/**
 * Incident changes reach sockets like scope updates do (decision 0003): every instance consumes the channel and
 * emits to its own sockets only. Incidents are few, so there is no coalescing: each change is one numbered
 * update per scope; a gap or a heartbeat ahead of the client makes it re-subscribe and get a snapshot.
 */
export function startIncidentsFanout(d: {
  io: Server;
  subscriber: Redis;
  store: IncidentsStore;
  heartbeatMs: number;
  log: Logger;
}) {
  const rooms = d.io.of('/').adapter.rooms;
  const stats = { received: 0, emitted: 0 };

  const onMessage = (message: string, channel: string) => {
    stats.received++;
    const electionId = channel.slice(5, channel.indexOf('}'));
    let n: Notification;
    try {
      n = JSON.parse(message) as Notification;
    } catch {
      return d.log.warn({ channel }, 'unreadable incident notification');
    }
    const incidents = (Array.isArray(n.incidents) ? n.incidents : []).flatMap((h) => {
      const i = incidentFromHash(h);
      return i ? [{ i, scopes: new Set((h.scopes ?? '').split(' ')) }] : [];
    });
    for (const [scope, hash] of Object.entries(n.scopes ?? {})) {
      const room = incidentRoomName(electionId, scope);
      if (!rooms.has(room)) continue;
      const { seq, counts } = countsFromHash(hash);
      const mine: Incident[] = incidents.filter((x) => x.scopes.has(scope)).map((x) => x.i);
      const update: IncidentUpdate = { scope, seq, counts, incidents: mine };
      d.io.local.to(room).emit(EV_INCIDENTS.updated, update);
      stats.emitted++;
    }
  };

  const beat = async () => {
    const byElection = new Map<string, string[]>();
    for (const room of rooms.keys()) {
      const r = parseIncidentRoom(room);
      if (r) byElection.set(r.electionId, [...(byElection.get(r.electionId) ?? []), r.scope]);
    }
    for (const [electionId, scopes] of byElection) {
      const seqs = await d.store.seqs(electionId, scopes);
      scopes.forEach((scope, i) => {
        const h: IncidentHeartbeat = { scope, seq: seqs[i] ?? 0 };
        d.io.local.to(incidentRoomName(electionId, scope)).emit(EV_INCIDENTS.heartbeat, h);
      });
    }
  };
  const timer = setInterval(() => void beat().catch(() => {}), d.heartbeatMs);
  timer.unref();

  const ready = d.subscriber.pSubscribe(GLOBAL_KEYS.incidentsPattern, onMessage);
  return {
    ready,
    stats,
    beat,
    stop: async () => {
      clearInterval(timer);
      await d.subscriber.pUnsubscribe(GLOBAL_KEYS.incidentsPattern).catch(() => {});
    },
  };
}
