/**
 * The public load of `npm run bench:public`, in its own process so the load generator's CPU is not the report
 * generator's: GET /api/v1/public/communes/{code} across every commune, gzip accepted (as browsers do), paced at
 * `rate` requests/s for `durationS`. Prints one JSON line with what it measured.
 */
import autocannon from 'autocannon';
import type { RequestData } from 'autocannon';
import { percentile } from './burst.js';

const { url, codes, rate, connections, durationS } = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  codes: string[];
  rate: number;
  connections: number;
  durationS: number;
};
let next = 0;
const latencies: number[] = [];
let bytes = 0;
const instance = autocannon({
  url,
  connections,
  pipelining: 1,
  duration: durationS,
  overallRate: rate,
  requests: [
    {
      method: 'GET',
      setupRequest: (req: RequestData) => {
        req.path = `/api/v1/public/communes/${codes[next++ % codes.length]}`;
        req.headers = { 'accept-encoding': 'gzip' };
        return req;
      },
    },
  ],
});
instance.on('response', (_c: unknown, _status: number, size: number, responseTime: number) => {
  latencies.push(responseTime);
  bytes += size;
});
const r = await instance;
const statuses = Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count]));
console.log(
  JSON.stringify({
    requests: latencies.length,
    perSecond: latencies.length / durationS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    meanBytes: bytes / Math.max(1, latencies.length),
    statuses,
    errors: r.errors + r.timeouts,
    // The generator's own CPU (it shares the machine's cores with the server under test).
    cpuS: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  }),
);
