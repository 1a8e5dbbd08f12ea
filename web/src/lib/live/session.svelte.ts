import { ApiError, fetchLiveElection, fetchScopeView } from './api.js';
import { LiveConnection } from './connection.svelte.js';

const ELECTION_ID = /^[a-z0-9-]{2,40}$/;

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
  #provinceNames: Promise<Map<string, string>> | null = null;

  async start(fromUrl: string | null): Promise<void> {
    if (this.connection) return;
    this.failed = false;
    try {
      const id = fromUrl && ELECTION_ID.test(fromUrl) ? fromUrl : await fetchLiveElection();
      this.query = fromUrl === id ? `?${new URLSearchParams({ election: id })}` : '';
      this.election = id;
      this.connection = new LiveConnection(id);
    } catch {
      this.failed = true;
    }
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
