import type { Pool } from 'pg';
import type { AccountRecord } from '../accounts/accountRepository.ts';
import { type AccountRow, accountOf, type EnrolmentCode } from './accountRows.ts';
import { inTransaction } from './postgresTransaction.ts';
import type { AccountBatches } from './sqlAccountRepository.ts';
// Imported for its side effect too: BIGINT columns (the times) read back as numbers.
import './postgresDatabase.ts';

/** Rows per bulk statement: 100,394 workers go in as a handful of statements, none with a huge message. */
const CHUNK_ROWS = 5000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) out.push(rows.slice(start, start + CHUNK_ROWS));
  return out;
}

/**
 * The account batches on PostgreSQL: each round trip costs, so arrays bound whole (`= ANY`,
 * `unnest`), in chunks, each batch in one transaction. Array parameters are why these are not on
 * the SqlRunner.
 */
export function postgresAccountBatches(pool: Pool): AccountBatches {
  return {
    async getMany(usernames) {
      if (usernames.length === 0) return [];
      const { rows } = await pool.query<AccountRow>('SELECT * FROM accounts WHERE username = ANY($1::text[])', [usernames]);
      return rows.map(accountOf);
    },

    async insertMissing(accounts: readonly AccountRecord[]) {
      if (accounts.length === 0) return 0;
      return inTransaction(pool, async (client) => {
        let inserted = 0;
        for (const chunk of chunks(accounts)) {
          const { rowCount } = await client.query(
            `INSERT INTO accounts (username, role, unit, password_hash, device_hash, enabled, demo, version, created_at, updated_at, department, channel)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::boolean[], $8::int[], $9::bigint[], $10::bigint[], $11::text[], $12::text[])
             ON CONFLICT (username) DO NOTHING`,
            [
              chunk.map((a) => a.username),
              chunk.map((a) => a.role),
              chunk.map((a) => a.unit),
              chunk.map((a) => a.passwordHash),
              chunk.map((a) => a.deviceHash),
              chunk.map((a) => a.enabled),
              chunk.map((a) => a.demo),
              chunk.map((a) => a.version),
              chunk.map((a) => a.createdAtMs),
              chunk.map((a) => a.updatedAtMs),
              chunk.map((a) => a.department),
              chunk.map((a) => a.channel),
            ],
          );
          inserted += rowCount ?? 0;
        }
        return inserted;
      });
    },

    async putEnrolmentCodes(codes: readonly EnrolmentCode[]) {
      // One statement may not update a row twice: a worker listed again keeps the last code, as on SQLite.
      const latest = [...new Map(codes.map((c) => [c.username, c])).values()];
      if (latest.length === 0) return;
      await inTransaction(pool, async (client) => {
        for (const chunk of chunks(latest))
          await client.query(
            `INSERT INTO enrolment_codes (username, code_hash, expires_at)
             SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
             ON CONFLICT (username) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at`,
            [chunk.map((c) => c.username), chunk.map((c) => c.codeHash), chunk.map((c) => c.expiresAtMs)],
          );
      });
    },
  };
}
