// A single-page app: pages render in the browser only; the server (or any static host) falls back to index.html.
export const ssr = false;
export const prerender = false;
