import type { Pool } from 'pg';
import type { AuditAction, AuditEntry, AuditRepository } from '../audit/auditLog.ts';
// Imported for its side effect too: BIGINT columns (ids and times) read back as numbers.
import './postgresDatabase.ts';

interface Row {
  id: number;
  at_ms: number;
  actor: string;
  action: AuditAction;
  target: string | null;
  address: string | null;
  detail: string | null;
}

/** The audit log in PostgreSQL: append-only; detail is JSON text, as in the SQLite store. */
export class PostgresAuditRepository implements AuditRepository {
  constructor(private readonly pool: Pool) {}

  async append(entry: Omit<AuditEntry, 'id'>): Promise<void> {
    await this.pool.query('INSERT INTO audit_log (at_ms, actor, action, target, address, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
      entry.atMs,
      entry.actor,
      entry.action,
      entry.target,
      entry.address,
      entry.detail ? JSON.stringify(entry.detail) : null,
    ]);
  }

  async recent(filter: { limit: number; beforeId?: number; action?: AuditAction; actor?: string }): Promise<AuditEntry[]> {
    // Only the filters asked for go into the query, so a page by action can walk the (action, id) index.
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => where.push(`${condition} $${params.push(value)}`);
    if (filter.beforeId !== undefined) add('id <', filter.beforeId);
    if (filter.action !== undefined) add('action =', filter.action);
    if (filter.actor !== undefined) add('actor =', filter.actor);
    params.push(filter.limit);
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`;
    const { rows } = await this.pool.query<Row>(sql, params);
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
