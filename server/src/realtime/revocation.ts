import type { Server } from 'socket.io';
import { GLOBAL_KEYS } from '../store/keys.js';
import type { Redis } from '../store/redis.js';

/** Announces a revocation to every instance (each disconnects its own sockets of that subject). */
export function publishRevocation(redis: Redis, subject: string): Promise<void> {
  return redis.publish(GLOBAL_KEYS.revocations, subject).then(() => undefined);
}

/**
 * Every instance subscribes to the revocation channel, like the update channel: a revoked account, a changed
 * jurisdiction or a revoked wall token loses its sockets on every node at once (well within the 5 s promise),
 * and the bearer cache forgets what it knew, so a reconnect is authenticated afresh.
 */
export async function startRevocation(io: Server, subscriber: Redis, onRevoked: (subject: string) => void) {
  const listener = (subject: string) => {
    onRevoked(subject);
    for (const socket of io.of('/').sockets.values()) {
      const p = (socket.data as { principal?: { subject?: string } }).principal;
      if (p?.subject === subject) socket.disconnect(true);
    }
  };
  await subscriber.subscribe(GLOBAL_KEYS.revocations, listener);
  return { stop: () => subscriber.unsubscribe(GLOBAL_KEYS.revocations, listener) };
}
