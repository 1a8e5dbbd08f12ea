import { createServer, Socket } from 'node:net';
import type { Server } from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

/**
 * A small TCP balancer for running several server processes without Docker: each new connection goes to the
 * next live backend in turn. A WebSocket stays on the connection it upgraded, so Socket.io clients using the
 * WebSocket transport (the web app's first choice) need no sticky sessions; HTTP keep-alive requests follow
 * their connection. A backend that refuses a connection is skipped for 2 s and the client tries the next.
 */
export function startBalancer(port: number, host: string, backends: Backend[]): Promise<Server> {
  let next = 0;
  const downUntil = new Map<number, number>();
  const pick = (): number | null => {
    for (let i = 0; i < backends.length; i++) {
      const j = (next + i) % backends.length;
      if ((downUntil.get(j) ?? 0) <= Date.now()) {
        next = j + 1;
        return j;
      }
    }
    return null;
  };
  const connect = (client: Socket, attempts: number) => {
    const j = pick();
    if (j === null || attempts <= 0) return client.destroy();
    const b = backends[j]!;
    const upstream = new Socket();
    let connected = false;
    upstream.once('error', () => {
      if (connected) return client.destroy();
      downUntil.set(j, Date.now() + 2000);
      connect(client, attempts - 1);
    });
    upstream.connect(b.port, b.host, () => {
      connected = true;
      // Data the client sent meanwhile waited in its buffer: a socket does not flow until piped.
      client.pipe(upstream).pipe(client);
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    });
  };
  const server = createServer((client) => {
    client.on('error', () => {});
    connect(client, backends.length);
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
