/**
 * Folds Vietnamese text for searching: decomposes (NFD), drops combining marks, maps đ/Đ to d, lower-cases and
 * collapses spaces, so "ha noi", "HA NOI" and "Hà  Nội" all become "ha noi".
 */
export function foldDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** True when every word of the query appears in the folded text (an empty query matches everything). */
export function matchesQuery(text: string, query: string): boolean {
  const hay = foldDiacritics(text);
  return foldDiacritics(query)
    .split(' ')
    .every((w) => hay.includes(w));
}
