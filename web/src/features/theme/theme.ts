/** What the theme switch offers: follow the system's setting, or keep one. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'reprise.theme';
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

export function storedThemeChoice(): ThemeChoice {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** Sets `data-theme` on <html> to the colours the choice means now; styles.css reads it. */
function applyTheme(choice: ThemeChoice) {
  const dark = choice === 'dark' || (choice === 'system' && darkQuery().matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function chooseTheme(choice: ThemeChoice) {
  if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, choice);
  applyTheme(choice);
}

/** Applies the stored choice, and follows the system's setting as it changes while the choice is "system". */
export function startTheme() {
  applyTheme(storedThemeChoice());
  darkQuery().addEventListener('change', () => applyTheme(storedThemeChoice()));
}
