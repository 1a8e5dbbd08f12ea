import type { Election, ImportIssue } from '@ecc/shared';
import { csrfToken } from '$lib/auth/auth-api';
import { API_BASE } from '$lib/live/api';

/** A failed write: the server's "Vietnamese / English" message, its code, and (imports) the issues per row. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ImportIssue[] = [],
  ) {
    super(message);
  }
}

export interface ImportOutcome {
  issues: ImportIssue[];
  errors: number;
  summary: { areas: number; units: number; candidates: number; early: number; voters: number } | null;
  changed: boolean;
  applied: boolean;
}

/** A write with the CSRF token; JSON bodies are serialised, files (XLSX, photos) sent as they are. */
async function send<T>(method: string, path: string, body?: unknown, type?: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-csrf-token': csrfToken() };
  let payload: BodyInit | undefined;
  if (type) {
    headers['content-type'] = type;
    payload = body as BodyInit;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(API_BASE + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  const text = await res.text();
  const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (!res.ok) {
    const e = (json.error ?? {}) as { code?: string; message?: string; detail?: { issues?: ImportIssue[] } };
    throw new AdminError(res.status, e.code ?? 'HTTP', e.message ?? `HTTP ${res.status}`, e.detail?.issues ?? []);
  }
  return json as T;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const electionsApi = {
  create: (body: Record<string, unknown>) => send<{ election: Election }>('POST', '/elections', body),
  setStatus: (id: string, status: string) =>
    send<{ election: Election }>('POST', `/elections/${id}/status`, { status }),
  reset: (id: string) => send<{ keys: number }>('POST', `/elections/${id}/reset`),
  remove: (id: string) => send<unknown>('DELETE', `/elections/${id}`),
  importXlsx: (id: string, file: Blob, dryRun: boolean) =>
    send<ImportOutcome>('POST', `/elections/${id}/reference/import${dryRun ? '?dryRun=1' : ''}`, file, XLSX_TYPE),
  importCsv: (id: string, sheets: Record<string, string>, dryRun: boolean) =>
    send<ImportOutcome>('POST', `/elections/${id}/reference/import${dryRun ? '?dryRun=1' : ''}`, { sheets }),
  area: (id: string, areaId: string) => send<{ area: Record<string, any> }>('GET', `/elections/${id}/areas/${areaId}`),
  editArea: (id: string, areaId: string, patch: Record<string, unknown>) =>
    send<{ warnings: { vi: string; en: string }[] }>('PATCH', `/elections/${id}/areas/${areaId}`, patch),
  withdraw: (id: string, cid: string, reason: string, date: string) =>
    send<{ warnings: { vi: string; en: string }[] }>('POST', `/elections/${id}/candidates/${cid}/withdraw`, {
      reason,
      date,
    }),
  photo: (id: string, cid: string, file: File) =>
    send<unknown>('PUT', `/elections/${id}/candidates/${cid}/photo`, file, file.type || 'image/jpeg'),
};
