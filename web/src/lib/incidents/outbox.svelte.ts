import type { IncidentReport } from '@ecc/shared';
import { IncidentApiError, incidentApi } from './api.js';
import { newKey, outboxDb } from './outbox-db.js';
import type { QueuedReport } from './outbox-db.js';

const RETRY_MS = 10_000;

/** Answers after which sending again cannot help: the report is kept as refused, for the reporter to see. */
const FINAL = new Set([400, 403, 404, 409, 413, 415, 422]);

export interface SentReport {
  key: string;
  id: string;
  at: number;
}

/**
 * Reports made on this phone go through here, online or not: saved in IndexedDB first (never lost), then sent
 * with their idempotency key (never duplicated: the server answers a retry with the incident it already has).
 * It tries again when the browser says it is online, every 10 s while something waits, and on start.
 */
class Outbox {
  waiting = $state(0);
  refused = $state<QueuedReport[]>([]);
  sent = $state<SentReport[]>([]);
  sending = $state(false);
  #started = false;
  #timer: ReturnType<typeof setInterval> | null = null;
  #again = false;

  start(): void {
    if (this.#started || typeof window === 'undefined') return;
    this.#started = true;
    window.addEventListener('online', () => void this.flush());
    this.#timer = setInterval(() => {
      if (this.waiting > 0) void this.flush();
    }, RETRY_MS);
    void this.flush();
  }

  /** Saves the report, then tries to send it; resolves once it is safely stored on the device. */
  async add(report: IncidentReport, photos: Blob[]): Promise<string> {
    const key = newKey();
    // Plain copies: a page's reactive proxies cannot be stored (structured clone); File objects can.
    const plain = JSON.parse(JSON.stringify(report)) as IncidentReport;
    await outboxDb.put({ key, report: plain, photos: [...photos], queuedAt: Date.now(), attempts: 0 });
    await this.#refresh();
    void this.flush();
    return key;
  }

  async discard(key: string): Promise<void> {
    await outboxDb.remove(key);
    await this.#refresh();
  }

  async #refresh(): Promise<void> {
    const all = await outboxDb.all();
    this.waiting = all.filter((q) => !q.refused).length;
    this.refused = all.filter((q) => q.refused);
  }

  /** Sends what waits, oldest first, one at a time; one sender per device (Web Locks across tabs). */
  async flush(): Promise<void> {
    if (this.sending) {
      this.#again = true;
      return;
    }
    this.sending = true;
    try {
      const send = () => this.#sendAll();
      if (navigator.locks) await navigator.locks.request('ecc-outbox', send);
      else await send();
    } finally {
      this.sending = false;
      await this.#refresh();
    }
    if (this.#again) {
      this.#again = false;
      void this.flush();
    }
  }

  async #sendAll(): Promise<void> {
    for (const q of await outboxDb.all()) {
      if (q.refused) continue;
      try {
        const r = await incidentApi.report(q.report, q.photos, q.key);
        await outboxDb.remove(q.key);
        this.sent = [{ key: q.key, id: r.id, at: Date.now() }, ...this.sent].slice(0, 20);
      } catch (e) {
        if (e instanceof IncidentApiError && FINAL.has(e.status)) {
          const refused = { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) };
          await outboxDb.put({ ...q, attempts: q.attempts + 1, refused });
          continue;
        }
        // Offline, server away (503), session expired (401): keep it and try again later, in order.
        await outboxDb.put({ ...q, attempts: q.attempts + 1 });
        return;
      } finally {
        await this.#refresh();
      }
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }
}

export const outbox = new Outbox();
