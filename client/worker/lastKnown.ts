/**
 * What the phone last knew — its inbox, its tasks, who it is — kept per worker in localStorage,
 * so the app opened with no signal shows it (with when it was true) until the server answers.
 */
export type Remembered = 'inbox' | 'tasks' | 'me';

const keyOf = (what: Remembered, username: string) => `citybrain.worker.${what}.${username}`;

export function remember(what: Remembered, username: string | null, value: unknown): void {
  if (!username) return;
  try {
    localStorage.setItem(keyOf(what, username), JSON.stringify({ atMs: Date.now(), value }));
  } catch {
    // Storage full or refused (private mode): the app works, only not offline.
  }
}

export function recall<T>(what: Remembered, username: string | null): { atMs: number; value: T } | null {
  if (!username) return null;
  try {
    return JSON.parse(localStorage.getItem(keyOf(what, username)) ?? 'null') as { atMs: number; value: T } | null;
  } catch {
    return null;
  }
}
