import { session } from '$lib/live/session.svelte';
import type { LayoutLoad } from './$types';

// A single-page app: pages render in the browser only; the server (or any static host) falls back to index.html.
export const ssr = false;
export const prerender = false;

/**
 * Opens the session as soon as this small layout module has loaded, while the page's own code (the wall's map
 * and chart libraries) is still downloading: the election and the socket are then ready by the time it renders.
 */
export const load: LayoutLoad = ({ url }) => {
  // The public lookup (/tra-cuu) reads cached snapshots only: no election session, no socket.
  if (url.pathname.startsWith('/tra-cuu')) return {};
  void session.start(url.searchParams.get('election'));
  return {};
};
