import type { AccountRecord } from '../accounts/accountRepository.ts';
import { type AccountRow, accountOf, accountParams, type EnrolmentCode, INSERT_ACCOUNT, SELECT_ACCOUNT } from './accountRows.ts';
import type { AccountBatches } from './sqlAccountRepository.ts';
import { type SqlRunner, step } from './sqlRunner.ts';

/** A worker's enrolment code, replacing any earlier one; bound username, code hash, expiry (epoch ms). */
const PUT_ENROLMENT_CODE =
  'INSERT INTO enrolment_codes (username, code_hash, expires_at) VALUES (?, ?, ?) ON CONFLICT (username) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at';

/**
 * The account batches on the embedded database, row by row: in-process SQLite has no round trip
 * to save, so one prepared statement per row (in one transaction for writes) is as fast as any
 * bigger statement, and keeps each SQL text constant.
 */
export function sqliteAccountBatches(sql: SqlRunner): AccountBatches {
  return {
    /** One indexed lookup each; those missing are left out. */
    async getMany(usernames) {
      const found: AccountRecord[] = [];
      for (const username of usernames) {
        const row = await sql.get<AccountRow>(SELECT_ACCOUNT, [username]);
        if (row) found.push(accountOf(row));
      }
      return found;
    },
    insertMissing: (accounts: readonly AccountRecord[]) =>
      sql.transaction(function* () {
        let inserted = 0;
        for (const account of accounts) inserted += yield* step.run(INSERT_ACCOUNT, accountParams(account));
        return inserted;
      }),
    /** A worker listed twice keeps the last code. */
    putEnrolmentCodes: (codes: readonly EnrolmentCode[]) =>
      sql.transaction(function* () {
        for (const c of codes) yield* step.run(PUT_ENROLMENT_CODE, [c.username, c.codeHash, c.expiresAtMs]);
      }),
  };
}
