import type { IncidentReport } from '@ecc/shared';

/** A report waiting on this device: its idempotency key is fixed when it is made and reused on every attempt. */
export interface QueuedReport {
  key: string;
  report: IncidentReport;
  photos: Blob[];
  queuedAt: number;
  attempts: number;
  /** The server refused it for good (400/403/404/413/415/422): kept, shown, never silently dropped. */
  refused?: { code: string; message: string; field?: string };
}

const DB = 'ecc-outbox';
const STORE = 'incidents';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB'));
  });
}

async function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      // Resolved on commit, not on the request: a report counts as saved only once it is on disk.
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('indexedDB'));
      tx.onabort = () => reject(tx.error ?? new Error('indexedDB aborted'));
    });
  } finally {
    db.close();
  }
}

/** The IndexedDB store behind the outbox: put, list (oldest first), delete. */
export const outboxDb = {
  put: (q: QueuedReport) => run('readwrite', (s) => s.put(q)).then(() => undefined),
  remove: (key: string) => run('readwrite', (s) => s.delete(key)).then(() => undefined),
  all: async (): Promise<QueuedReport[]> =>
    ((await run('readonly', (s) => s.getAll())) as QueuedReport[]).sort((a, b) => a.queuedAt - b.queuedAt),
};

/** A random idempotency key; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return `inc-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}
