import { en } from './en.js';
import { vi } from './vi.js';
import type { Messages } from './vi.js';

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];
const STORAGE_KEY = 'ecc.lang';
const DICTS: Record<Lang, Messages> = { vi, en };

function stored(): Lang {
  const v = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return v === 'en' ? 'en' : 'vi';
}

/** The chosen language: Vietnamese unless the user picked English on this device (kept in localStorage). */
class I18n {
  lang = $state<Lang>(stored());

  get messages(): Messages {
    return DICTS[this.lang];
  }

  /** Uses `lang` on this page only (a kiosk address's `lang=`), leaving the device's remembered choice alone. */
  use(lang: Lang): void {
    this.lang = lang;
  }

  set(lang: Lang): void {
    this.lang = lang;
    if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, lang);
  }
}

export const i18n = new I18n();

/** The current language's strings; reactive wherever it is read in a component or $derived. */
export function t(): Messages {
  return i18n.messages;
}
