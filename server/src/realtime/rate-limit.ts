import { apiError } from '@ecc/shared';
import type { Socket } from 'socket.io';

/** A display subscribes to a handful of scopes and resyncs now and then: 10 events/s sustained, bursts of 30. */
export const SOCKET_EVENTS_PER_S = 10;
export const SOCKET_BURST = 30;

/**
 * Per-socket token bucket over every client event. An event over the limit is dropped and its ack (if any)
 * answered RATE_LIMITED, so one misbehaving client cannot make the server read snapshots in a loop.
 */
export function rateLimit(
  socket: Socket,
  now: () => number = Date.now,
  rate = SOCKET_EVENTS_PER_S,
  burst = SOCKET_BURST,
) {
  let tokens = burst;
  let at = now();
  socket.use((packet, next) => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - at) / 1000) * rate);
    at = t;
    if (tokens >= 1) {
      tokens -= 1;
      return next();
    }
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: false, error: apiError('RATE_LIMITED') });
  });
}
