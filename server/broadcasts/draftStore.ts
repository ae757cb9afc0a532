import type { BroadcastDraft } from '../../common/domain/broadcasts.ts';
import { jsonColumn } from '../store/rowMappers.ts';
import { type SqlRunner, step } from '../store/sqlRunner.ts';

/** Drafts listed at most: a duty shift's city-wide and flash broadcasts are a handful. */
export const DRAFTS_LISTED = 100;
/** How far back an approval left unsent is looked for, ms: a day, as long as a broadcast is followed. */
const RECOVERY_LOOKBACK_MS = 86_400_000;

/**
 * Broadcasts waiting for a second officer, on either store (SQL written once). A decision is
 * taken once: the first approver or rejecter wins, the other is told it was decided.
 */
export class DraftStore {
  constructor(private readonly sql: SqlRunner) {}

  async add(draft: BroadcastDraft): Promise<void> {
    await this.sql.run('INSERT INTO broadcast_drafts (id, state, created_at, body) VALUES (?, ?, ?, ?)', [draft.id, draft.state, draft.createdAtMs, JSON.stringify(draft)]);
  }

  async get(id: string): Promise<BroadcastDraft | null> {
    const row = await this.sql.get<{ body: unknown }>('SELECT body FROM broadcast_drafts WHERE id = ?', [id]);
    return row ? jsonColumn<BroadcastDraft>(row.body) : null;
  }

  async awaiting(): Promise<BroadcastDraft[]> {
    const rows = await this.sql.all<{ body: unknown }>("SELECT body FROM broadcast_drafts WHERE state = 'awaitingApproval' ORDER BY created_at DESC LIMIT ?", [DRAFTS_LISTED]);
    return rows.map((r) => jsonColumn<BroadcastDraft>(r.body));
  }

  /** Records a decision on a draft still awaiting one; null when it was decided already (or is gone). */
  async decide(id: string, decision: Pick<BroadcastDraft, 'state' | 'decidedBy' | 'decidedAtMs' | 'reason'>): Promise<BroadcastDraft | null> {
    return this.sql.transaction(function* () {
      const row = yield* step.get<{ body: unknown }>("SELECT body FROM broadcast_drafts WHERE id = ? AND state = 'awaitingApproval'", [id]);
      if (!row) return null;
      const decided: BroadcastDraft = { ...jsonColumn<BroadcastDraft>(row.body), ...decision };
      const changed = yield* step.run("UPDATE broadcast_drafts SET state = ?, body = ? WHERE id = ? AND state = 'awaitingApproval'", [decided.state, JSON.stringify(decided), id]);
      return changed === 1 ? decided : null;
    });
  }

  /**
   * Drafts approved before `decidedBeforeMs` whose broadcast was never stored: the node that
   * approved them died between the decision and the send.
   */
  async approvedUnsent(decidedBeforeMs: number): Promise<BroadcastDraft[]> {
    const rows = await this.sql.all<{ body: unknown }>(
      "SELECT d.body FROM broadcast_drafts d WHERE d.state = 'approved' AND d.created_at > ? AND NOT EXISTS (SELECT 1 FROM broadcasts b WHERE b.id = d.id) ORDER BY d.created_at LIMIT ?",
      [decidedBeforeMs - RECOVERY_LOOKBACK_MS, DRAFTS_LISTED],
    );
    return rows.map((r) => jsonColumn<BroadcastDraft>(r.body)).filter((d) => (d.decidedAtMs ?? 0) < decidedBeforeMs);
  }

  /** Puts a draft back to awaiting (its approval could not be sent). */
  async reopen(draft: BroadcastDraft): Promise<void> {
    const reopened: BroadcastDraft = { ...draft, state: 'awaitingApproval', decidedBy: null, decidedAtMs: null, reason: null };
    await this.sql.run("UPDATE broadcast_drafts SET state = 'awaitingApproval', body = ? WHERE id = ?", [JSON.stringify(reopened), draft.id]);
  }
}
