import type { ZodError } from 'zod';

/** The first issue of a failed parse as [field, detail] (`photos.1`, `assignee.name`). */
export function zodFieldOf(err: ZodError): [string, Record<string, unknown>] {
  const i = err.issues[0];
  const field = i ? i.path.map(String).join('.') : '';
  return [field || '(body)', { issue: i?.message ?? 'invalid' }];
}
