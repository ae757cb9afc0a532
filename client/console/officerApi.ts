import type { CityEvent, Transition, TransitionCommand, WhistleView } from '../../common/domain/eventRecords.ts';
import { consoleAuth } from '../realtime/consoleFeed.ts';
import { authFetch } from '../shared/authFetch.ts';

/** A photo as GET /api/events/:id lists it. */
export interface AttachmentView {
  id: string;
  url: string;
  thumbnailUrl: string;
  width: number;
  height: number;
  bytes: number;
  by: string;
  atMs: number;
}

/** An event as the officer reads it: the record (reporter included), its history, whistle and photos. */
export interface EventReading {
  event: CityEvent;
  history: Transition[];
  whistle: WhistleView | null;
  attachments: AttachmentView[];
}

/** A refused step: the server's words, and on a 409 the event as it is now. */
export class StepRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly current: CityEvent | null,
  ) {
    super(message);
  }
}

async function send<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await authFetch(consoleAuth, path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as T & { error?: string; event?: CityEvent };
  if (!res.ok) throw new StepRefused(json.error ?? `HTTP ${res.status}`, res.status, res.status === 409 ? (json.event ?? null) : null);
  return json;
}

export const readEvent = (id: string) => send<EventReading>('GET', `/api/events/${id}`);
export const transition = (id: string, command: TransitionCommand) => send<{ event: CityEvent }>('POST', `/api/events/${id}/transitions`, command);
export const blowWhistle = (id: string, departments: string[], deadlineAtMs: number) => send<{ whistle: WhistleView }>('POST', `/api/events/${id}/whistle`, { departments, deadlineAtMs });
export const rateDepartments = (id: string, ratings: { department: string; score: number }[]) => send<{ whistle: WhistleView }>('POST', `/api/events/${id}/whistle/ratings`, { ratings });

/** A photo's thumbnail (or the image) as an object URL: images are served with the officer's token, not to a bare <img>. */
export async function photoUrl(path: string): Promise<string> {
  const res = await authFetch(consoleAuth, path);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return URL.createObjectURL(await res.blob());
}
export const giveTask = (id: string, worker: string, kind: 'verify' | 'handle') => send<{ task: unknown }>('POST', `/api/events/${id}/task`, { worker, kind });
