import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { homePath } from '$lib/scope/home';
import type { PageLoad } from './$types';

/**
 * /overview is the leaders' tablet entry: it opens on the signed-in account's own jurisdiction (a provincial
 * committee on its province), or on the national overview when nobody is signed in. The address's parameters
 * (the election) are kept, so drill-down links stay the same as on the desk.
 */
export const load: PageLoad = async ({ url, fetch }) => {
  let jurisdiction: string | null = null;
  try {
    const res = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
    if (res.ok) jurisdiction = ((await res.json()) as { jurisdiction?: string }).jurisdiction ?? null;
  } catch {
    // Offline or no server: the national overview still opens and shows its own stale state.
  }
  redirect(307, resolve(homePath(jurisdiction) as '/') + url.search);
};
