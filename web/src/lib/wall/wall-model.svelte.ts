import { CONTESTS, percentHundredths } from '@ecc/shared';
import type { ChildFigures, Election, Figures } from '@ecc/shared';
import { vnDate, vnMinuteOfDay } from '../format/time.js';
import type { ScopeView, SeriesPoint } from '../live/api.js';
import { clock } from '../live/clock.svelte.js';
import type { LiveConnection } from '../live/connection.svelte.js';
import { session } from '../live/session.svelte.js';
import { DEFAULT_SORT, buildRows, sortRows } from '../scope/rows.js';
import type { Row } from '../scope/rows.js';
import { AlertBook } from './alert-book.js';
import type { TrackedAlert } from './alert-book.js';
import { evaluateAlerts } from './alerts.js';
import { Poller } from './poller.svelte.js';
import type { WallPrefetch } from './prefetch.js';
import { wallReads } from './reads.js';
import type { SilentSummary, UnitsSummary } from './reads.js';

const SILENT_EVERY_MS = 15_000;
const UNITS_EVERY_MS = 15_000;
const SERIES_EVERY_MS = 60_000;
const NAMES_EVERY_MS = 300_000;

/**
 * Everything one wall screen shows for its focus (the nation, or one province and optionally one commune):
 * live figures from the socket, names from one REST snapshot, and the lists the room acts on (silent areas,
 * units at risk, the day's series) re-read on timers. Alerts are derived from all of it.
 */
export class WallModel {
  readonly scope: string;
  readonly province: string | null;
  readonly commune: string | null;
  election = $state.raw<Election | null>(null);
  readonly names: Poller<ScopeView>;
  readonly silent: Poller<SilentSummary>;
  readonly units: Poller<UnitsSummary>;
  readonly series: Poller<SeriesPoint[]>;
  readonly #conn: LiveConnection;
  readonly #prefetch: WallPrefetch | null;
  readonly #book = new AlertBook();

  constructor(conn: LiveConnection, province: string | null, commune: string | null, prefetch: WallPrefetch | null) {
    this.#conn = conn;
    this.province = province;
    this.commune = province ? commune : null;
    this.scope = province ? `province:${province}` : 'nation';
    // A prefetch for another focus or connection (the address changed since) is not used.
    this.#prefetch =
      prefetch?.conn === conn && prefetch.scope === this.scope && prefetch.commune === this.commune ? prefetch : null;
    const reads = wallReads(conn.election, this.scope, this.commune);
    this.names = new Poller(reads.names, NAMES_EVERY_MS);
    this.silent = new Poller(reads.silent, SILENT_EVERY_MS);
    this.units = new Poller(reads.units, UNITS_EVERY_MS);
    this.series = new Poller(reads.series, SERIES_EVERY_MS);
  }

  readonly figures = $derived.by(
    (): Figures | null => this.#conn.figures(this.scope) ?? this.names.data?.figures ?? null,
  );
  readonly places = $derived.by((): Row[] =>
    sortRows(buildRows(this.names.data?.childList ?? [], this.#conn.children(this.scope)), DEFAULT_SORT),
  );
  // Copies: the live client updates its children map in place, and a new object is what tells Svelte to redraw.
  readonly areaFigures = $derived.by((): ChildFigures | null => {
    const c = this.commune ? this.#conn.children(`commune:${this.commune}`) : null;
    return c ? { ...c } : null;
  });
  readonly provinceFigures = $derived.by((): ChildFigures | null => {
    const c = this.#conn.children('nation');
    return c ? { ...c } : null;
  });
  readonly stale = $derived.by(() => this.#conn.status !== 'live');
  /** Every read has answered at least once: the figures, names, series, silent areas and units. */
  readonly loaded = $derived.by(
    () =>
      this.figures !== null &&
      this.names.data !== null &&
      this.series.data !== null &&
      this.silent.data !== null &&
      this.units.data !== null,
  );
  /** The checkpoint the silent areas missed (epoch ms): the server's threshold plus the election's grace. */
  readonly silentCheckpoint = $derived.by((): number | null => {
    const t = this.silent.data?.threshold;
    return t == null || !this.election ? null : t + this.election.silentGraceMinutes * 60_000;
  });
  readonly communeName = $derived.by((): string | null =>
    this.commune ? (this.places.find((r) => r.id === this.commune)?.name ?? this.commune) : null,
  );

  /** The election's clock: the wall clock when live; the latest report's time in a simulation or replay. */
  readonly clockMs = $derived.by((): number =>
    this.election?.mode === 'live' ? clock.now : this.#conn.figures('nation')?.lastAt || clock.now,
  );
  /** Minutes since midnight on election day, or null on any other day. */
  readonly minute = $derived.by((): number | null =>
    this.election && vnDate(this.clockMs) === this.election.date ? vnMinuteOfDay(this.clockMs) : null,
  );

  /** The focus's turnout through election day as [minute of day, percent], the live figure appended. */
  readonly curve = $derived.by((): [number, number][] => {
    const date = this.election?.date;
    if (!date) return [];
    const out: [number, number][] = [];
    for (const p of this.series.data ?? []) {
      const t = Date.parse(p.at);
      if (vnDate(t) === date) out.push([vnMinuteOfDay(t), percentHundredths(p.voted, p.registered) / 100]);
    }
    const f = this.figures;
    if (f?.lastAt && vnDate(f.lastAt) === date) {
      const m = vnMinuteOfDay(f.lastAt);
      while (out.length && out[out.length - 1]![0] >= m) out.pop();
      out.push([m, percentHundredths(f.voted, f.registered) / 100]);
    }
    return out;
  });

  readonly alerts = $derived.by((): TrackedAlert[] => {
    const u = this.units.data;
    const s = this.silent.data;
    // Judged only once every input is in, so alerts true at load share one "first seen" time and keep their
    // order of urgency, instead of the order in which the reads happened to finish.
    if (!u || !s || !this.election || !this.names.data || !this.#conn.figures('nation')) return [];
    const alerts = evaluateAlerts({
      minute: this.minute,
      places: this.places.map((r) => ({
        id: r.id,
        name: r.name,
        voted: r.figures.voted,
        registered: r.figures.registered,
      })),
      units: CONTESTS.flatMap((c) => u.lists[c]),
      silent: s.byPlace,
      silentSince: this.silentCheckpoint,
    });
    return this.#book.update(alerts, Date.now());
  });

  /** Subscribes and starts the timers (their first reads are the prefetch's, if any); the result undoes both. */
  start(): () => void {
    const watches = [
      this.#conn.watch('nation'),
      ...(this.province ? [this.#conn.watch(this.scope)] : []),
      ...(this.commune ? [this.#conn.watch(`commune:${this.commune}`)] : []),
    ];
    const first = this.#prefetch?.take();
    const stops = [
      ...watches,
      this.names.start(first?.names),
      this.silent.start(first?.silent),
      this.units.start(first?.units),
      this.series.start(first?.series),
    ];
    void this.#loadElection();
    return () => stops.forEach((stop) => stop());
  }

  async #loadElection(): Promise<void> {
    for (let wait = 2000; !this.election; wait = Math.min(wait * 2, 60_000)) {
      try {
        this.election = await session.electionInfo();
      } catch {
        /* the server is unreachable: the connection banner says so; try again */
      }
      if (!this.election) await new Promise((r) => setTimeout(r, wait));
    }
  }
}
