import type { PublicArea } from '@ecc/shared';
import { foldDiacritics } from '../format/search.js';

/** Text folded once (diacritics, đ, case, spaces), so each keystroke only compares. */
export interface Folded<T> {
  item: T;
  text: string;
}

export function foldAll<T>(items: readonly T[], text: (t: T) => string): Folded<T>[] {
  return items.map((item) => ({ item, text: foldDiacritics(text(item)) }));
}

/** Items whose folded text holds every word of the query, at most `limit` of them. */
export function search<T>(index: readonly Folded<T>[], query: string, limit = 30): T[] {
  const words = foldDiacritics(query).split(' ').filter(Boolean);
  const out: T[] = [];
  for (const f of index) {
    if (words.every((w) => f.text.includes(w))) out.push(f.item);
    if (out.length >= limit) break;
  }
  return out;
}

/** What a polling area is found by: its name, number and address. */
export const areaText = (a: PublicArea) => `${a.name} ${a.number} ${a.address}`;
