import type Database from 'better-sqlite3';
import type { AuditAction, AuditEntry, AuditRepository } from '../audit/auditLog.ts';

interface Row {
  id: number;
  at_ms: number;
  actor: string;
  action: AuditAction;
  target: string | null;
  address: string | null;
  detail: string | null;
}

/** The audit log in the embedded database: append-only. */
export class SqliteAuditRepository implements AuditRepository {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement<{ limit: number; beforeId: number; action: string | null; actor: string | null }, Row>;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT INTO audit_log (at_ms, actor, action, target, address, detail) VALUES (?, ?, ?, ?, ?, ?)');
    this.select = db.prepare(
      `SELECT * FROM audit_log WHERE id < @beforeId AND (@action IS NULL OR action = @action) AND (@actor IS NULL OR actor = @actor)
       ORDER BY id DESC LIMIT @limit`,
    );
  }

  async append(entry: Omit<AuditEntry, 'id'>): Promise<void> {
    this.insert.run(entry.atMs, entry.actor, entry.action, entry.target, entry.address, entry.detail ? JSON.stringify(entry.detail) : null);
  }

  async recent(filter: { limit: number; beforeId?: number; action?: AuditAction; actor?: string }): Promise<AuditEntry[]> {
    const rows = this.select.all({ limit: filter.limit, beforeId: filter.beforeId ?? Number.MAX_SAFE_INTEGER, action: filter.action ?? null, actor: filter.actor ?? null });
    return rows.map((r) => ({
      id: r.id,
      atMs: r.at_ms,
      actor: r.actor,
      action: r.action,
      target: r.target,
      address: r.address,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    }));
  }
}
