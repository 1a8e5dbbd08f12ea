import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import type { PageLoad } from './$types';

/**
 * /overview is the leaders' tablet entry: the national overview itself, so one page serves desk and tablet and
 * the drill-down links stay the same. The address's parameters (the election) are kept.
 */
export const load: PageLoad = ({ url }) => {
  redirect(307, resolve('/') + url.search);
};
