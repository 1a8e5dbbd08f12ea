/**
 * Where a leader's tablet opens: the page of the signed-in account's own jurisdiction (`/auth/me` gives it as
 * "nation", "province:01", "commune:00004", "area:00004-0001" or "unit:…"). Units and unknown places open on
 * the national overview, which every role may read.
 */
export function homePath(jurisdiction: string | null | undefined): string {
  const [level, code = ''] = (jurisdiction ?? '').split(':');
  if (level === 'province' && /^\d{2}$/.test(code)) return `/province/${code}`;
  if (level === 'commune' && /^\d{5}$/.test(code)) return `/commune/${code}`;
  if (level === 'area' && /^\d{5}-\d{4}$/.test(code)) return `/commune/${code.slice(0, 5)}`;
  return '/';
}
