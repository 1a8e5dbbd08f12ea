import type { LiveConnection } from '../live/connection.svelte.js';
import { session } from '../live/session.svelte.js';
import { communeBoundaries, provinceBoundaries } from '../map/geo.js';
import type { Kiosk } from './kiosk.js';
import { wallReads } from './reads.js';
import type { WallReads } from './reads.js';

/**
 * The wall's first reads, started from the route's load while the map and chart code is still downloading:
 * on a cold screen that overlaps the server's work with the browser's, instead of doing one after the other.
 */
export type FirstReads = { [K in keyof WallReads]: ReturnType<WallReads[K]> };

export interface WallPrefetch {
  conn: LiveConnection;
  scope: string;
  /** The focused commune (its silent ids are part of the first reads), or null. */
  commune: string | null;
  /**
   * The first reads, once (null after): a later model for the same focus must read afresh. Also drops the
   * prefetch's own subscriptions, so call it once the model holds its own.
   */
  take(): FirstReads | null;
}

export async function prefetchWall(kiosk: Kiosk, electionParam: string | null): Promise<WallPrefetch | null> {
  const conn = await session.start(electionParam);
  if (!conn) return null;
  const scope = kiosk.province ? `province:${kiosk.province}` : 'nation';
  const commune = kiosk.province ? kiosk.commune : null;
  const reads = wallReads(conn.election, scope, commune);
  const first = { names: reads.names(), series: reads.series(), silent: reads.silent(), units: reads.units() };
  // Nobody may be listening yet: an unhandled rejection here would be noise, the model retries on its timers.
  for (const p of Object.values(first)) (p as Promise<unknown>).catch(() => {});
  void provinceBoundaries().catch(() => {});
  if (kiosk.province) void communeBoundaries(kiosk.province).catch(() => {});
  const stops = [conn.watch('nation'), ...(scope === 'nation' ? [] : [conn.watch(scope)])];
  let taken = false;
  return {
    conn,
    scope,
    commune,
    take() {
      if (taken) return null;
      taken = true;
      stops.forEach((stop) => stop());
      return first;
    },
  };
}
