import type { IncomingMessage } from 'node:http';

/**
 * The client's address for audit entries and per-address lockout. Behind the load balancer (TRUST_PROXY=1) it
 * is the last address the proxy appended to X-Forwarded-For; otherwise the socket's peer (a client could forge
 * the header).
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = req.headers['x-forwarded-for'];
    const list = (Array.isArray(fwd) ? fwd.join(',') : (fwd ?? '')).split(',');
    const last = list[list.length - 1]?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? '';
}
