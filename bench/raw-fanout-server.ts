/**
 * The fan-out ceiling: a bare Socket.io server (same library, same defaults as the real one) that broadcasts a
 * plan of payloads to rooms — the same rooms, members, number of messages per room and message sizes the real
 * server delivered in the bench's burst — with nothing else to do: no Redis, no coalescing, no sequencing.
 *   IPC: {type:'emit', plan: [{room, count, bytes}], seconds} → spreads each room's messages evenly over the
 *   seconds and answers when the last was emitted. Tells its parent {type:'listening', port} at start.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { serveClient: false, pingInterval: 10_000, pingTimeout: 10_000 });
io.on('connection', (socket) => {
  socket.on('join', (rooms: string[], ack: () => void) => {
    void socket.join(rooms);
    ack();
  });
});

interface Plan {
  room: string;
  count: number;
  bytes: number;
}

function emitPlan(plan: Plan[], seconds: number): Promise<void> {
  const TICK_MS = 10;
  const ticks = Math.max(1, Math.round((seconds * 1000) / TICK_MS));
  const sent = plan.map(() => 0);
  // A payload shaped like a scope update (scope, sequence, padding to the measured size).
  const pads = plan.map((p) => 'x'.repeat(Math.max(0, p.bytes - 60)));
  let tick = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      tick++;
      plan.forEach((p, i) => {
        const due = Math.min(p.count, Math.round((p.count * tick) / ticks));
        for (; sent[i]! < due; sent[i]!++) {
          io.to(p.room).emit('raw', { scope: p.room, toSeq: sent[i]! + 1, children: {}, pad: pads[i] });
        }
      });
      if (tick >= ticks) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
}

process.on('message', (m: { id: number; type: string; plan: Plan[]; seconds: number }) => {
  if (m.type === 'emit') void emitPlan(m.plan, m.seconds).then(() => process.send?.({ id: m.id }));
});

await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const addr = http.address();
process.send?.({ type: 'listening', port: typeof addr === 'object' && addr ? addr.port : 0 });
process.on('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
