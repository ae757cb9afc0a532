import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { EventState } from '../../common/domain/events.ts';
import { authFetch, authJson } from '../shared/authFetch.ts';
import { createSession } from '../shared/session.ts';

/** The department desk's sign-in and its calls: the queue, a step, a photo. */
export const deskAuth = createSession('desk');

export interface DeskItem {
  event: CityEvent;
  dueAtMs: number | null;
}

export function fetchQueue(): Promise<{ serverTimeMs: number; total: number; items: DeskItem[] }> {
  return authJson(deskAuth, 'GET', '/api/desk/queue');
}

export function takeStep(id: string, to: EventState, note?: string): Promise<{ event: CityEvent }> {
  return authJson(deskAuth, 'POST', `/api/events/${id}/transitions`, note ? { to, note } : { to });
}

/** Uploads a photo to the event (multipart, field `file`); the server judges it by its content. */
export async function uploadPhoto(id: string, file: File): Promise<void> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await authFetch(deskAuth, `/api/events/${id}/attachments`, { method: 'POST', body: form });
  if (!res.ok) throw new Error(((await res.json()) as { error?: string }).error ?? `HTTP ${res.status}`);
}
