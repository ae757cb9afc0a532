import type { Category } from '../../common/domain/categories.ts';
import { createStore } from '../realtime/store.ts';

/** A report made on the phone, kept until the server has it and every photo. */
export interface OutboxItem {
  /** The report's key: its externalId at the server, and its photos' clientKey prefix. */
  key: string;
  category: Category;
  description: string;
  lng: number;
  lat: number;
  createdAtMs: number;
  photos: Blob[];
  /** Photos the server has confirmed, in order. */
  photosSent: number;
  eventId: string | null;
  /** Refused by the server (it will not be sent again): the reason, for the worker to read. */
  refused: string | null;
}

const DB = 'citybrain-worker';
const STORE = 'outbox';

/** The outbox as the page shows it: what is waiting, newest first. */
export const outbox = createStore<{ items: OutboxItem[] }>({ items: [] });

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** The outbox lives in IndexedDB: a report made without signal survives closing the page. */
export async function readOutbox(): Promise<OutboxItem[]> {
  const items = (await run('readonly', (s) => s.getAll())) as OutboxItem[];
  outbox.set({ items: items.sort((a, b) => b.createdAtMs - a.createdAtMs) });
  return items;
}

export async function putOutbox(item: OutboxItem): Promise<void> {
  await run('readwrite', (s) => s.put(item));
  await readOutbox();
}

export async function removeOutbox(key: string): Promise<void> {
  await run('readwrite', (s) => s.delete(key));
  await readOutbox();
}
