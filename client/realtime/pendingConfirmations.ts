import type { InboxItem } from '../../common/socketCatalogue.ts';

/** Where a page keeps small state across reloads (localStorage in the browser). */
export interface KeptState {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The person's confirmations (确认) that the server has not yet shown back: kept on the phone per
 * worker, across reloads and lost signal, and sent again on every connect until the inbox the
 * server answers shows them confirmed. That inbox is the acknowledgement: on one connection
 * messages arrive in order or the connection breaks (and the next connect sends them again), so
 * a confirmation needs no answer of its own — one message less per phone in a city-wide broadcast.
 */
export class PendingConfirmations {
  constructor(
    private readonly kept: KeptState | undefined,
    private readonly worker: () => string | null,
  ) {}

  private key(): string | null {
    const worker = this.worker();
    return worker ? `pendingConfirmations:${worker}` : null;
  }

  ids(): string[] {
    const key = this.key();
    try {
      const ids = key ? (JSON.parse(this.kept?.getItem(key) ?? '[]') as unknown) : [];
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  }

  private keep(ids: string[]): void {
    const key = this.key();
    try {
      if (key) this.kept?.setItem(key, JSON.stringify(ids));
    } catch {
      // Storage full or refused (a private window): the confirmation still goes out now, only not again after a reload.
    }
  }

  add(id: string): void {
    const ids = this.ids();
    if (!ids.includes(id)) this.keep([...ids, id]);
  }

  /**
   * The inbox as the server answered it: confirmations it shows (or broadcasts it no longer
   * holds) are done; the rest are to be sent again, and shown confirmed meanwhile.
   */
  reconcile(items: readonly InboxItem[]): { items: InboxItem[]; resend: string[] } {
    const byId = new Map(items.map((item) => [item.id, item]));
    const resend = this.ids().filter((id) => byId.has(id) && !byId.get(id)!.confirmed && !byId.get(id)!.cancelled);
    this.keep(resend);
    const waiting = new Set(resend);
    return { items: items.map((item) => (waiting.has(item.id) ? { ...item, delivered: true, confirmed: true } : item)), resend };
  }
}
