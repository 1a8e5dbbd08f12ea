import type { Election } from '@ecc/shared';
import { ApiError, fetchElections, fetchScopeView } from './api.js';
import type { ElectionList } from './api.js';
import { LiveConnection } from './connection.svelte.js';

const ELECTION_ID = /^[a-z0-9-]{2,40}$/;
/** This device's (operations room's) chosen election, when the address names none (issue 9). */
const STORAGE_KEY = 'ecc.election';

function storedElection(): string | null {
  const v = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return v && ELECTION_ID.test(v) ? v : null;
}

/**
 * Which election this screen follows (the `?election=` parameter, else the server's live one) and the live
 * connection for it. Links keep the parameter when it came from the address, so a drill-down stays on it.
 */
class Session {
  election = $state<string | null>(null);
  failed = $state(false);
  /** Appended to internal links: "?election=…" when the address named one, else "". */
  query = $state('');
  connection = $state.raw<LiveConnection | null>(null);
  /** The followed election's settings once known (the drill banner reads its kind). */
  info = $state.raw<Election | null>(null);
  #provinceNames: Promise<Map<string, string>> | null = null;
  #starting: Promise<LiveConnection | null> | null = null;
  #elections: Promise<ElectionList> | null = null;

  /**
   * Resolves the election and opens the connection, once: callers arriving while it is under way (the layout's
   * load and its effect, a page's prefetch) share the same attempt. Resolves to the connection, or null on failure.
   */
  start(fromUrl: string | null): Promise<LiveConnection | null> {
    if (this.connection) return Promise.resolve(this.connection);
    this.#starting ??= this.#start(fromUrl).finally(() => (this.#starting = null));
    return this.#starting;
  }

  async #start(fromUrl: string | null): Promise<LiveConnection | null> {
    this.failed = false;
    try {
      let id = fromUrl && ELECTION_ID.test(fromUrl) ? fromUrl : null;
      if (!id) {
        // The room's own choice, while the server still holds that election (a deleted drill falls back).
        const list = await this.#list();
        const mine = storedElection();
        id = mine && list.elections.some((e) => e.id === mine) ? mine : list.live;
      }
      this.query = fromUrl === id ? `?${new URLSearchParams({ election: id })}` : '';
      this.election = id;
      const chosen = id;
      this.#list().then(
        (l) => (this.info = l.elections.find((e) => e.id === chosen) ?? null),
        () => {},
      );
      this.connection = new LiveConnection(id);
      return this.connection;
    } catch {
      this.failed = true;
      return null;
    }
  }

  /** Makes `id` this device's election (null: back to the server's live one); takes effect on the next load. */
  remember(id: string | null): void {
    if (typeof localStorage === 'undefined') return;
    if (id && ELECTION_ID.test(id)) localStorage.setItem(STORAGE_KEY, id);
    else localStorage.removeItem(STORAGE_KEY);
  }

  get remembered(): string | null {
    return storedElection();
  }

  /** The followed election's settings (date, checkpoints, mode), or null if the server does not list it. */
  async electionInfo(): Promise<Election | null> {
    const id = this.election;
    return id ? ((await this.#list()).elections.find((e) => e.id === id) ?? null) : null;
  }

  /** The server's election list, read once (a failed read is forgotten so the next call retries). */
  #list(): Promise<ElectionList> {
    this.#elections ??= fetchElections();
    this.#elections.catch(() => (this.#elections = null));
    return this.#elections;
  }

  /** Builds an internal link that keeps the election; `extra` adds parameters (e.g. the parent province). */
  link(path: string, extra: Record<string, string> = {}): string {
    const q = new URLSearchParams(this.query.slice(1));
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  }

  /** Province code → name, from the national view (fetched once), for breadcrumbs below the province. */
  async provinceName(code: string): Promise<string | null> {
    const election = this.election;
    if (!election) return null;
    this.#provinceNames ??= fetchScopeView(election, 'nation').then(
      (v) => new Map(v.childList.map((c) => [c.id, c.name])),
      (e: unknown) => {
        this.#provinceNames = null;
        throw e instanceof ApiError ? e : new ApiError('failed', String(e));
      },
    );
    return (await this.#provinceNames).get(code) ?? null;
  }
}

export const session = new Session();
