import type { AuditAction, AuditEntry, AuditRepository } from '../audit/auditLog.ts';
import { jsonColumnOrNull } from './rowMappers.ts';
import type { SqlParam, SqlRunner } from './sqlRunner.ts';

/** An audit_log row; at_ms in epoch milliseconds, detail JSON as TEXT on both stores. */
interface Row {
  id: number;
  at_ms: number;
  actor: string;
  action: AuditAction;
  target: string | null;
  address: string | null;
  detail: string | null;
}

const entryOf = (r: Row): AuditEntry => ({
  id: r.id,
  atMs: r.at_ms,
  actor: r.actor,
  action: r.action,
  target: r.target,
  address: r.address,
  detail: jsonColumnOrNull<Record<string, unknown>>(r.detail),
});

/** The audit log on either store: append-only. */
export class SqlAuditRepository implements AuditRepository {
  constructor(private readonly sql: SqlRunner) {}

  async append(entry: Omit<AuditEntry, 'id'>): Promise<void> {
    await this.sql.run('INSERT INTO audit_log (at_ms, actor, action, target, address, detail) VALUES (?, ?, ?, ?, ?, ?)', [
      entry.atMs,
      entry.actor,
      entry.action,
      entry.target,
      entry.address,
      entry.detail ? JSON.stringify(entry.detail) : null,
    ]);
  }

  async recent(filter: { limit: number; beforeId?: number; action?: AuditAction; actor?: string }): Promise<AuditEntry[]> {
    // Only the filters asked for go into the query, so a page by action can walk the (action, id)
    // index; at most 2³ = 8 distinct texts, which the runner caches.
    const where: string[] = [];
    const params: SqlParam[] = [];
    const add = (condition: string, value: SqlParam) => {
      where.push(condition);
      params.push(value);
    };
    if (filter.beforeId !== undefined) add('id < ?', filter.beforeId);
    if (filter.action !== undefined) add('action = ?', filter.action);
    if (filter.actor !== undefined) add('actor = ?', filter.actor);
    params.push(filter.limit);
    const rows = await this.sql.all<Row>(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')} ` : ''}ORDER BY id DESC LIMIT ?`, params);
    return rows.map(entryOf);
  }
}
