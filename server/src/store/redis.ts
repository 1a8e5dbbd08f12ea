import { createClient } from 'redis';

export type Redis = ReturnType<typeof createClient>;

const reconnectStrategy = (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2000);

/**
 * A command client that fails fast instead of queueing while Redis is away: the API must answer 503 within
 * seconds, never hang. Reconnection goes on in the background with a capped back-off.
 *
 * A Redis that hangs (stopped, swapping) rather than disconnects is caught by a watchdog PING: when one has been
 * unanswered for `stallMs`, the connection is dropped, so every waiting command fails at once and the client
 * reconnects. One timer for the whole client replaces a timeout per command (an AbortSignal and a timer for every
 * command cost a tenth of the server's CPU on the ingest path).
 */
export function createRedis(url: string, stallMs: number, name: string): Redis {
  const client = createClient({
    url,
    name,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy },
  });
  // Errors surface on the commands that fail; the client reconnects by itself.
  client.on('error', () => {});
  let pingSentAt = 0;
  let dropped = false;
  const watchdog = setInterval(
    () => {
      // A connection the watchdog dropped whose reconnect gave up is opened again; never stay closed for good.
      if (!client.isOpen && dropped) {
        client.connect().catch(() => {});
        return;
      }
      if (!client.isReady) return;
      if (pingSentAt && Date.now() - pingSentAt > stallMs) {
        pingSentAt = 0;
        dropped = true;
        client.destroy();
        client.connect().catch(() => {});
        return;
      }
      if (pingSentAt) return;
      pingSentAt = Date.now();
      client.ping().then(
        () => (pingSentAt = 0),
        () => (pingSentAt = 0),
      );
    },
    Math.max(50, Math.floor(stallMs / 4)),
  );
  watchdog.unref();
  const close = client.close.bind(client);
  client.close = () => {
    clearInterval(watchdog);
    return close();
  };
  const quit = client.quit.bind(client);
  client.quit = () => {
    clearInterval(watchdog);
    return quit();
  };
  return client;
}

/** Pub/sub needs its own connection; it queues while offline (re-subscribing is the client's job). */
export function createSubscriber(url: string, name: string): Redis {
  const client = createClient({ url, name, socket: { connectTimeout: 2000, reconnectStrategy } });
  client.on('error', () => {});
  return client;
}
