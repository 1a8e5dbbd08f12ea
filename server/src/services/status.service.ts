import { hostname } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { toVnIso } from '@ecc/shared';
import { listInstances, publishInstance, redisStatus } from '../ops/instance-registry.js';
import type { InstanceReport } from '../ops/instance-registry.js';
import type { Redis } from '../store/redis.js';
import type { ScopesStore } from '../store/scopes.store.js';
import type { ElectionsService } from './elections.service.js';
import { provinceOfArea } from './elections.service.js';
import type { ScopesService } from './scopes.service.js';

/** Live numbers of this instance, supplied by the app (the service knows no transport). */
export interface InstanceProbe {
  ready: () => boolean;
  sockets: () => number;
  acceptedTotal: () => number;
  lastSeq: () => Record<string, number>;
  lastPubsubAt: () => number;
}

const PUBLISH_MS = 2000;

/** The support desk's view: every instance, Redis itself, and silent reporters by province. */
export class StatusService {
  readonly id: string;
  private startedAt = toVnIso(Date.now());
  private timer: NodeJS.Timeout | null = null;
  private lastAccepted = 0;
  private lastTick = Date.now();
  private loop = monitorEventLoopDelay({ resolution: 20 });

  constructor(
    private redis: Redis,
    private probe: InstanceProbe,
    private elections: ElectionsService,
    private scopes: ScopesService,
    private scopesStore: ScopesStore,
    instanceId?: string,
  ) {
    this.id = instanceId ?? `${hostname()}:${process.pid}`;
  }

  start(): void {
    this.loop.enable();
    this.timer = setInterval(() => void this.publish().catch(() => {}), PUBLISH_MS);
    this.timer.unref();
    void this.publish().catch(() => {});
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.loop.disable();
    void this.redis.del(`ecc:instance:${this.id}`).catch(() => {});
  }

  report(): InstanceReport {
    const now = Date.now();
    const accepted = this.probe.acceptedTotal();
    const rate = ((accepted - this.lastAccepted) * 1000) / Math.max(1, now - this.lastTick);
    this.lastAccepted = accepted;
    this.lastTick = now;
    const lastPubsub = this.probe.lastPubsubAt();
    const lag = this.loop.percentile(99) / 1e6;
    this.loop.reset();
    return {
      id: this.id,
      host: hostname(),
      pid: process.pid,
      startedAt: this.startedAt,
      reportedAt: toVnIso(now),
      ready: this.probe.ready(),
      sockets: this.probe.sockets(),
      ingestRate: Math.round(rate * 10) / 10,
      lastSeq: this.probe.lastSeq(),
      lastPubsubAt: lastPubsub ? toVnIso(lastPubsub) : null,
      rssBytes: process.memoryUsage.rss(),
      eventLoopLagMs: Math.round(lag * 10) / 10,
    };
  }

  private async publish(): Promise<void> {
    await publishInstance(this.redis, this.report());
  }

  async view(electionId: string) {
    const [instances, redis, ctx, seqs] = await Promise.all([
      listInstances(this.redis),
      redisStatus(this.redis),
      this.elections.get(electionId),
      this.scopesStore.seqs(electionId, ['nation']),
    ]);
    const nationSeq = seqs[0] ?? -1;
    const silentByProvince: { code: string; name: string; silent: number }[] = [];
    if (ctx) {
      const silent = await this.scopes.silent(ctx, 'nation');
      const counts = new Map<string, number>();
      for (const a of silent.areas) {
        const p = provinceOfArea(ctx, a.id) ?? '';
        counts.set(p, (counts.get(p) ?? 0) + 1);
      }
      for (const [code, p] of ctx.provinces) {
        silentByProvince.push({ code, name: p.name, silent: counts.get(code) ?? 0 });
      }
      silentByProvince.sort((a, b) => b.silent - a.silent || a.code.localeCompare(b.code));
    }
    return {
      serverTime: toVnIso(Date.now()),
      election: electionId,
      nationSeq,
      // An instance that has heard nothing of this election since it started has no lag to report (null), not "all".
      instances: instances.map((i) => {
        const seen = i.lastSeq[electionId];
        return { ...i, lagBehind: seen === undefined ? null : Math.max(0, nationSeq - seen) };
      }),
      redis,
      silentByProvince,
    };
  }
}
