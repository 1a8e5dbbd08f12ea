/**
 * The floor the real server is compared against, run as its own process like the real one: the least an Express 5
 * endpoint on this machine can do per report (JSON body parse, one Redis call, 201 with a small JSON body) and
 * one raw Socket.io hop. Anything the real server does beyond this (auth, validation, the Lua ingest, fan-out)
 * shows up as the gap between the two.
 *   env: REDIS_URL, PORT (0 = free port); tells its parent {type:'listening', port} over IPC.
 */
import { createServer } from 'node:http';
import express from 'express';
import { createClient } from 'redis';
import { Server } from 'socket.io';

const redis = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
redis.on('error', () => {});
await redis.connect();

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
// Same body limit as the real API, so the same requests parse the same way.
app.use('/api/v1', express.json({ limit: '64kb' }));
app.post('/api/v1/turnout', async (req, res) => {
  const body = req.body as { pollingAreaId?: unknown; voted?: unknown };
  const areaId = String(body.pollingAreaId);
  // One Redis round trip, like the one Lua call the real ingest makes (but without its work).
  const areaSeq = await redis.hIncrBy('bench:ceiling', areaId, 1);
  res.status(201).json({ pollingAreaId: areaId, voted: body.voted, areaSeq });
});

const http = createServer(app);
const io = new Server(http, { serveClient: false });

interface EchoRun {
  count: number;
  bytes: number;
  intervalMs: number;
}

/**
 * One hop: the server stamps each message with the machine's monotonic clock (shared by all processes on Linux)
 * and the client subtracts on arrival. The padding makes the message the size of a real scope update.
 */
io.on('connection', (socket) => {
  socket.on('echo:run', (run: EchoRun, ack: () => void) => {
    const pad = 'x'.repeat(Math.max(0, run.bytes - 40));
    let sent = 0;
    const timer = setInterval(() => {
      socket.emit('echo', { t: process.hrtime.bigint().toString(), pad });
      if (++sent >= run.count) {
        clearInterval(timer);
        ack();
      }
    }, run.intervalMs);
  });
});

await new Promise<void>((resolve) => http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
const addr = http.address();
if (process.send) process.send({ type: 'listening', port: typeof addr === 'object' && addr ? addr.port : 0 });

const shutdown = () => {
  void io.close();
  http.close();
  void redis.quit().finally(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
