import { createClient } from 'redis';

export type Redis = ReturnType<typeof createClient>;

/**
 * A command client that fails fast instead of queueing while Redis is away: the API must answer 503 within
 * seconds, never hang. Reconnection goes on in the background with a capped back-off.
 */
export function createRedis(url: string, timeoutMs: number, name: string): Redis {
  const client = createClient({
    url,
    name,
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
    socket: {
      connectTimeout: 2000,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** Math.min(retries, 5), 2000),
    },
  });
  // Errors surface on the commands that fail; the client reconnects by itself.
  client.on('error', () => {});
  return client;
}

/** Pub/sub needs its own connection; it queues while offline (re-subscribing is the client's job). */
export function createSubscriber(url: string, name: string): Redis {
  const client = createClient({
    url,
    name,
    socket: { connectTimeout: 2000, reconnectStrategy: (r) => Math.min(100 * 2 ** Math.min(r, 5), 2000) },
  });
  client.on('error', () => {});
  return client;
}
