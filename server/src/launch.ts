/**
 * How a server process is started, in one place for the Node launchers (cluster, benchmarks); the shell and
 * Docker launchers (scripts/start.sh, Dockerfile) repeat these flags.
 *
 * The V8 old-space cap keeps RSS bounded after bursts: the live heap of a national day is ~55 MB, but without a
 * cap V8 keeps ~250 MB reserved after the peaks (measured by the benchmark), pushing RSS past 300 MB.
 * A 32 MB semi-space (default 16) halves the scavenges of the batch path, whose garbage is short-lived: server CPU
 * per batched report 27 → 25 µs (bench/ingest-cost.ts's method, server CPU from /proc).
 */
export const SERVER_NODE_ARGS = [
  '--max-old-space-size=192',
  '--max-semi-space-size=32',
  '--conditions=source',
  '--import',
  'tsx',
];
