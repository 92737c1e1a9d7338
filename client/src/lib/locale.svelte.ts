/**
 * The interface language, reactive: Chinese unless the user chose English. The choice persists in localStorage;
 * `?lang=en` (or `?lang=zh`) in the address sets it too, for links and tests.
 */

export type Locale = 'zh' | 'en';
export const LOCALES: readonly Locale[] = ['zh', 'en'];

const STORAGE_KEY = 'gridwatch.locale';

/** BCP 47 tag of a locale, for Intl formatting, ICU plurals and `<html lang>` */
export function tagOf(l: Locale): string {
  return l === 'zh' ? 'zh-CN' : 'en-GB';
}

class LocaleState {
  #current = $state<Locale>(initialLocale());

  get current(): Locale {
    return this.#current;
  }

  /** BCP 47 tag for Intl formatting and `<html lang>` */
  get tag(): string {
    return tagOf(this.#current);
  }

  set(next: Locale): void {
    this.#current = next;
    remember(next);
    if (typeof document !== 'undefined') document.documentElement.lang = this.tag;
  }
}

export const locale = new LocaleState();
if (typeof document !== 'undefined') document.documentElement.lang = locale.tag;

function initialLocale(): Locale {
  if (typeof location === 'undefined') return 'zh';
  const asked = new URLSearchParams(location.search).get('lang');
  if (isLocale(asked)) {
    remember(asked);
    return asked;
  }
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage can be off (private mode, kiosk policy): Chinese, the default
  }
  return 'zh';
}

function remember(l: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    // not persisted; the choice still holds for this page
  }
}

function isLocale(v: unknown): v is Locale {
  return v === 'zh' || v === 'en';
}
