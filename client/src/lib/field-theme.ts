/**
 * The field screen's light or night theme, remembered on the phone. Light is the default: a grid worker reads the
 * screen outdoors, where dark screens wash out in direct sunlight.
 */

const THEME_KEY = 'gridwatch.field.theme';

/** whether the person chose night mode last time */
export function readDarkTheme(): boolean {
  try {
    return localStorage.getItem(THEME_KEY) === 'dark';
  } catch {
    return false;
  }
}

export function saveDarkTheme(dark: boolean): void {
  try {
    localStorage.setItem(THEME_KEY, dark ? 'dark' : 'light');
  } catch {
    // not remembered: the choice lasts as long as the page
  }
}
