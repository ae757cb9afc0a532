import type { SqlRunner } from '../store/sqlRunner.ts';

/** A warning as received: who sent which alert, when, through which account, and the draft it became. */
export interface WarningRecord {
  id: string;
  sender: string;
  identifier: string;
  msgType: string;
  status: string;
  receivedAtMs: number;
  receivedBy: string;
  draftId: string | null;
  xml: string;
}

type Row = { id: string; sender: string; identifier: string; msg_type: string; status: string; received_at: number; received_by: string; draft_id: string | null; xml: string };
const recordOf = (r: Row): WarningRecord => ({
  id: r.id,
  sender: r.sender,
  identifier: r.identifier,
  msgType: r.msg_type,
  status: r.status,
  receivedAtMs: Number(r.received_at),
  receivedBy: r.received_by,
  draftId: r.draft_id,
  xml: r.xml,
});

/** Warnings received as CAP, once each by sender and identifier (a repeat finds the first), on either store. */
export class WarningStore {
  constructor(private readonly sql: SqlRunner) {}

  /** Stores a warning; false when one with its sender and identifier is stored already. */
  async add(w: WarningRecord): Promise<boolean> {
    return (
      (await this.sql.run(
        'INSERT INTO warnings (id, sender, identifier, msg_type, status, received_at, received_by, draft_id, xml) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sender, identifier) DO NOTHING',
        [w.id, w.sender, w.identifier, w.msgType, w.status, w.receivedAtMs, w.receivedBy, w.draftId, w.xml],
      )) === 1
    );
  }

  async find(sender: string, identifier: string): Promise<WarningRecord | null> {
    const row = await this.sql.get<Row>('SELECT * FROM warnings WHERE sender = ? AND identifier = ?', [sender, identifier]);
    return row ? recordOf(row) : null;
  }
}
