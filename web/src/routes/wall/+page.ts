import { session } from '$lib/live/session.svelte';
import { parseKiosk } from '$lib/wall/kiosk';
import { prefetchWall } from '$lib/wall/prefetch';
import type { PageLoad } from './$types';

/**
 * On a cold start, starts the wall's reads and the download of its screen (map and chart libraries) together:
 * this module is small, so it runs long before the screen's code has arrived. Nothing here is awaited: the page
 * renders at once. Later address changes (a new focus) find the session open and the screen loaded.
 */
export const load: PageLoad = ({ url }) => {
  const kiosk = parseKiosk(url.searchParams);
  const prefetch = session.connection ? Promise.resolve(null) : prefetchWall(kiosk, url.searchParams.get('election'));
  // The screen's code is fetched once the reads are on their way: evaluating it holds the main thread for a few
  // hundred milliseconds, which would otherwise delay sending them.
  const screen = prefetch.then(
    () => import('$lib/components/wall/WallScreen.svelte'),
    () => import('$lib/components/wall/WallScreen.svelte'),
  );
  return { kiosk, prefetch, screen };
};
