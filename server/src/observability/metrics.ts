import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one server instance. Names follow Prometheus conventions (unit suffixes, _total);
 * the README lists them with the alert rules we recommend.
 */
export interface GaugeSources {
  sockets: () => number;
  socketsByRoomKind: () => Map<string, number>;
}

export function createMetrics() {
  const registry = new Registry();
  // Gauges read live values at scrape time from whatever the app plugs in.
  const sources: GaugeSources = { sockets: () => 0, socketsByRoomKind: () => new Map() };
  // Event-loop lag, RSS, heap, GC and CPU come with the defaults.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const reg = { registers: [registry] };
  return {
    registry,
    reportsAccepted: new Counter({
      name: 'ecc_reports_accepted_total',
      help: 'Turnout reports and corrections accepted',
      labelNames: ['kind', 'replayed'],
      ...reg,
    }),
    reportsRejected: new Counter({
      name: 'ecc_reports_rejected_total',
      help: 'Turnout reports rejected, by error code',
      labelNames: ['code'],
      ...reg,
    }),
    ingestSeconds: new Histogram({
      name: 'ecc_ingest_duration_seconds',
      help: 'Time from request parsed to the atomic store step answered',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2],
      ...reg,
    }),
    redisSeconds: new Histogram({
      name: 'ecc_redis_command_duration_seconds',
      help: 'Redis script latency seen by the server',
      labelNames: ['script'],
      buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1.5],
      ...reg,
    }),
    pubsubIn: new Counter({
      name: 'ecc_pubsub_messages_received_total',
      help: 'Update notifications received from Redis pub/sub',
      ...reg,
    }),
    pubsubOut: new Counter({
      name: 'ecc_pubsub_messages_published_total',
      help: 'Update notifications published by accepted reports',
      ...reg,
    }),
    coalesced: new Counter({
      name: 'ecc_coalesced_updates_total',
      help: 'Updates merged into a pending room emit',
      ...reg,
    }),
    emits: new Counter({
      name: 'ecc_room_emits_total',
      help: 'Coalesced emits to rooms',
      labelNames: ['kind'],
      ...reg,
    }),
    deliveries: new Counter({
      name: 'ecc_socket_deliveries_total',
      help: 'Messages delivered to sockets (emits × local sockets)',
      labelNames: ['kind'],
      ...reg,
    }),
    sources,
    sockets: new Gauge({
      name: 'ecc_sockets_connected',
      help: 'Connected sockets',
      collect() {
        this.set(sources.sockets());
      },
      ...reg,
    }),
    roomSockets: new Gauge({
      name: 'ecc_room_sockets',
      help: 'Socket memberships per room kind',
      labelNames: ['kind'],
      collect() {
        this.reset();
        for (const [kind, n] of sources.socketsByRoomKind()) this.set({ kind }, n);
      },
      ...reg,
    }),
    resyncs: new Counter({
      name: 'ecc_resyncs_total',
      help: 'Subscribe answers by mode',
      labelNames: ['mode'],
      ...reg,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
