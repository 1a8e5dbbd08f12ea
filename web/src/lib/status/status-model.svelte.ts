import type { SystemStatus } from '../live/status-api.js';
import { fetchStatus } from '../live/status-api.js';
import { Poller } from '../wall/poller.svelte.js';
import { mergeInstances, sortSilent } from './health.js';
import type { ShownInstance } from './health.js';

/** The status page reads every 2 s: the desk sees a dead instance within one or two reads. */
export const STATUS_EVERY_MS = 2000;

export interface StatusSnapshot {
  status: SystemStatus;
  /** The answer's instances and, as missing, those seen earlier that are gone (see mergeInstances). */
  instances: ShownInstance[];
}

/**
 * The status page's state: the last good answer stays on screen when a read fails (the page marks it stale) and
 * the poller keeps retrying by itself every STATUS_EVERY_MS.
 */
export class StatusModel {
  readonly poller: Poller<StatusSnapshot>;

  constructor(election: string | null, read: () => Promise<SystemStatus> = () => fetchStatus(election)) {
    this.poller = new Poller(async (): Promise<StatusSnapshot> => {
      const status = await read();
      const parsed = Date.parse(status.serverTime);
      const serverNow = Number.isFinite(parsed) ? parsed : Date.now();
      return { status, instances: mergeInstances(this.poller.data?.instances ?? [], status.instances, serverNow) };
    }, STATUS_EVERY_MS);
  }

  readonly status = $derived.by(() => this.poller.data?.status ?? null);
  readonly instances = $derived.by(() => this.poller.data?.instances ?? []);
  readonly silent = $derived.by(() => sortSilent(this.status?.silentByProvince ?? []));
  readonly silentTotal = $derived.by(() => this.silent.reduce((n, r) => n + r.silent, 0));

  start(): () => void {
    return this.poller.start();
  }
}
