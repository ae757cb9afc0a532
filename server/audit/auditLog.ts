/** What the audit log records: sign-ins, broadcasts, mode switches, whistles, account changes and webhook subscriptions. */
export const AUDIT_ACTIONS = [
  'signin',
  'signin.failed',
  'signin.enrolled',
  'broadcast.sent',
  'broadcast.updated',
  'broadcast.cancelled',
  'broadcast.drafted',
  'broadcast.approved',
  'broadcast.rejected',
  'warning.received',
  'mode.switched',
  'event.whistle',
  'event.whistle.rate',
  'event.task',
  'case.opened',
  'case.meeting',
  'case.closed',
  'account.added',
  'account.disabled',
  'account.enabled',
  'account.reset',
  'account.key.issued',
  'account.key.revoked',
  'account.workers.enrolled',
  'city.imported',
  'webhook.added',
  'webhook.deleted',
  'webhook.resent',
  'events.exported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One line of the audit log: who did what to what, when, from which address. */
export interface AuditEntry {
  id: number;
  atMs: number;
  actor: string;
  action: AuditAction;
  target: string | null;
  /** The client's address as the server saw it (behind TRUST_PROXY: the forwarded one); 'cli' for the admin tool. */
  address: string | null;
  detail: Record<string, unknown> | null;
}

export type AuditRecord = Omit<AuditEntry, 'id' | 'atMs'>;

/** The audit store, as a port; an append resolves once it is committed. */
export interface AuditRepository {
  append(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  /** Newest first; `beforeId` pages back. */
  recent(filter: { limit: number; beforeId?: number; action?: AuditAction; actor?: string }): Promise<AuditEntry[]>;
}

/** Appends with the clock's time; what the routes and the CLI call. */
export class AuditLog {
  constructor(
    private readonly repository: AuditRepository,
    private readonly clock: () => number,
  ) {}

  record(entry: AuditRecord): Promise<void> {
    return this.repository.append({ ...entry, atMs: this.clock() });
  }

  recent(filter: Parameters<AuditRepository['recent']>[0]): Promise<AuditEntry[]> {
    return this.repository.recent(filter);
  }
}
