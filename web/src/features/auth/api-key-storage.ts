/** Where the page keeps the API key it signed in with, until sign-out. */
export const API_KEY_STORAGE_KEY = 'reprise.apiKey';

// localStorage can throw (storage disabled, quota, some private modes): the
// page then works for this visit only.

export function loadApiKey(): string | null {
  try {
    return localStorage.getItem(API_KEY_STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

export function saveApiKey(apiKey: string): void {
  try {
    localStorage.setItem(API_KEY_STORAGE_KEY, apiKey);
  } catch {
    // kept in memory only
  }
}

export function clearApiKey(): void {
  try {
    localStorage.removeItem(API_KEY_STORAGE_KEY);
  } catch {
    // nothing stored
  }
}
