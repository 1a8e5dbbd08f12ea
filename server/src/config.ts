import { z } from 'zod';

const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  ELECTION_ID: z.string().default('qh16-2026'),
  /** Accept reports even when Redis does not fsync every write: only for throwaway runs. */
  ALLOW_VOLATILE: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COALESCE_MS: z.coerce.number().int().min(10).max(5000).default(250),
  HEARTBEAT_MS: z.coerce.number().int().min(100).max(10_000).default(5000),
  LOG_MAXLEN: z.coerce.number().int().min(100).default(5000),
  /** Changes the media feed keeps (`GET /results/feed`); older `since` values are told to take the export. */
  RESULTS_FEED_MAXLEN: z.coerce.number().int().min(100).default(50_000),
  SERIES_BUCKET_MS: z.coerce.number().int().min(60_000).default(600_000),
  MAX_FUTURE_MS: z.coerce.number().int().min(0).default(300_000),
  STORE_TIMEOUT_MS: z.coerce.number().int().min(100).default(1500),
  /**
   * Reports accepted by this instance but not yet answered by Redis. Beyond it new ones get 503 + Retry-After at
   * once: a queue that only grows would answer every report late and end in an out-of-memory crash.
   */
  MAX_PENDING_REPORTS: z.coerce.number().int().min(1).default(20_000),
  /** Socket connections per instance; more are refused (the client retries with back-off, another node takes it). */
  MAX_SOCKETS: z.coerce.number().int().min(1).default(20_000),
  WEB_DIR: z.string().optional(),
  INSTANCE_ID: z.string().optional(),
  /** Behind the load balancer: take the client address from X-Forwarded-For (audit entries, lockout). */
  TRUST_PROXY: bool.default(false),
  /** Anonymous reads (HTTP scope reads, socket subscriptions). 1 until the web app has a sign-in page. */
  PUBLIC_READS: bool.default(true),
  /** Other origins (comma-separated) allowed to open sockets and send cookie-authenticated writes. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  /** Mark cookies Secure even when the request itself does not look like https (TLS ends before the proxy). */
  COOKIE_SECURE: bool.default(false),
  SESSION_IDLE_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(30 * 60_000),
  SESSION_MAX_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(12 * 60 * 60_000),
  /** How often each instance checks whether the public lookup's snapshots must be rebuilt. */
  PUBLIC_REFRESH_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
  /** While counting goes on, how often the public lookup may rebuild to show newly confirmed results. */
  PUBLIC_RESULTS_REFRESH_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
  /** The site's public address, printed in QR codes (default: the address the request came to). */
  PUBLIC_BASE_URL: z.url().optional(),
  /** Where incident photos are stored, one file per SHA-256. */
  INCIDENT_PHOTOS_DIR: z.string().default('./data/incidents'),
});

export type Config = z.infer<typeof envSchema>;

/** Parsed once at start; a bad value stops the process with the variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = envSchema.safeParse(env);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`Invalid environment variable ${String(i?.path[0])}: ${i?.message}`);
  }
  return r.data;
}
