import type { Pool, PoolClient } from 'pg';
import { inTransaction } from './postgresTransaction.ts';
import type { Role } from '../../common/domain/auth.ts';
import type { AccountCounts, AccountRecord, AccountRepository, ApiKeyRecord, RefreshRecord, RefreshUse } from '../accounts/accountRepository.ts';
// Imported for its side effect too: BIGINT columns (the times) read back as numbers.
import './postgresDatabase.ts';

interface AccountRow {
  username: string;
  role: Role;
  unit: string | null;
  department: string | null;
  password_hash: string | null;
  device_hash: string | null;
  enabled: boolean;
  demo: boolean;
  version: number;
  created_at: number;
  updated_at: number;
}

const toAccount = (r: AccountRow): AccountRecord => ({
  username: r.username,
  role: r.role,
  unit: r.unit,
  department: r.department,
  passwordHash: r.password_hash,
  deviceHash: r.device_hash,
  enabled: r.enabled,
  demo: r.demo,
  version: r.version,
  createdAtMs: r.created_at,
  updatedAtMs: r.updated_at,
});

interface KeyRow {
  id: string;
  username: string;
  secret_hash: string;
  created_at: number;
  revoked_at: number | null;
}
const toKey = (r: KeyRow): ApiKeyRecord => ({ id: r.id, username: r.username, secretHash: r.secret_hash, createdAtMs: r.created_at, revokedAtMs: r.revoked_at });

interface RefreshRow {
  token_hash: string;
  username: string;
  family_id: string;
  expires_at: number;
}
const toRefresh = (r: RefreshRow): RefreshRecord => ({ tokenHash: r.token_hash, username: r.username, familyId: r.family_id, expiresAtMs: r.expires_at });

type EnrolmentCode = { username: string; codeHash: string; expiresAtMs: number };

/** Rows per bulk statement: 100,394 workers go in as a handful of statements, none with a huge message. */
const CHUNK_ROWS = 5000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) out.push(rows.slice(start, start + CHUNK_ROWS));
  return out;
}

/** A change's record can never run backwards, even when clocks between nodes disagree: the account gate polls by it. */
const TOUCH = 'updated_at = GREATEST(updated_at + 1, $1::bigint)';

/**
 * Accounts, API keys, enrolment codes and refresh tokens in PostgreSQL, with the SQLite store's
 * semantics. Work that spans statements (a bulk insert in chunks, a key and its owner's record)
 * is one transaction.
 */
export class PostgresAccountRepository implements AccountRepository {
  constructor(private readonly pool: Pool) {}

  async get(username: string): Promise<AccountRecord | null> {
    const { rows } = await this.pool.query<AccountRow>('SELECT * FROM accounts WHERE username = $1', [username]);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async getMany(usernames: readonly string[]): Promise<AccountRecord[]> {
    if (usernames.length === 0) return [];
    const { rows } = await this.pool.query<AccountRow>('SELECT * FROM accounts WHERE username = ANY($1::text[])', [usernames]);
    return rows.map(toAccount);
  }

  async changedSince(afterMs: number): Promise<AccountRecord[]> {
    const { rows } = await this.pool.query<AccountRow>('SELECT * FROM accounts WHERE updated_at > $1 ORDER BY updated_at', [afterMs]);
    return rows.map(toAccount);
  }

  async list(filter: { role?: Role; limit: number; offset: number }): Promise<AccountRecord[]> {
    const { rows } = filter.role
      ? await this.pool.query<AccountRow>('SELECT * FROM accounts WHERE role = $1 ORDER BY username LIMIT $2 OFFSET $3', [filter.role, filter.limit, filter.offset])
      : await this.pool.query<AccountRow>('SELECT * FROM accounts ORDER BY role, username LIMIT $1 OFFSET $2', [filter.limit, filter.offset]);
    return rows.map(toAccount);
  }

  async counts(): Promise<AccountCounts> {
    const { rows } = await this.pool.query<{ role: Role; total: number; enabled: number }>('SELECT role, COUNT(*) AS total, COUNT(*) FILTER (WHERE enabled) AS enabled FROM accounts GROUP BY role');
    return Object.fromEntries(rows.map((r) => [r.role, { total: r.total, enabled: r.enabled }]));
  }

  async insert(account: AccountRecord): Promise<boolean> {
    return (await this.insertRows(this.pool, [account])) === 1;
  }

  /** All in one transaction, as in SQLite: demo seeding takes the first and last worker present to mean all are. */
  async insertMissing(accounts: readonly AccountRecord[]): Promise<number> {
    if (accounts.length === 0) return 0;
    return this.transaction(async (client) => {
      let inserted = 0;
      for (const chunk of chunks(accounts)) inserted += await this.insertRows(client, chunk);
      return inserted;
    });
  }

  private async insertRows(db: Pool | PoolClient, accounts: readonly AccountRecord[]): Promise<number> {
    const { rowCount } = await db.query(
      `INSERT INTO accounts (username, role, unit, password_hash, device_hash, enabled, demo, version, created_at, updated_at, department)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::boolean[], $8::int[], $9::bigint[], $10::bigint[], $11::text[])
       ON CONFLICT (username) DO NOTHING`,
      [
        accounts.map((a) => a.username),
        accounts.map((a) => a.role),
        accounts.map((a) => a.unit),
        accounts.map((a) => a.passwordHash),
        accounts.map((a) => a.deviceHash),
        accounts.map((a) => a.enabled),
        accounts.map((a) => a.demo),
        accounts.map((a) => a.version),
        accounts.map((a) => a.createdAtMs),
        accounts.map((a) => a.updatedAtMs),
        accounts.map((a) => a.department),
      ],
    );
    return rowCount ?? 0;
  }

  /** A null in `change` leaves the column as it is (as SQLite's COALESCE does): no field is ever cleared here. */
  async update(username: string, change: Partial<Pick<AccountRecord, 'passwordHash' | 'deviceHash' | 'enabled'>>, revoke: boolean, atMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE accounts SET password_hash = COALESCE($3::text, password_hash), device_hash = COALESCE($4::text, device_hash),
         enabled = COALESCE($5::boolean, enabled), version = version + $6::int, ${TOUCH} WHERE username = $2`,
      [atMs, username, change.passwordHash ?? null, change.deviceHash ?? null, change.enabled ?? null, revoke ? 1 : 0],
    );
    return rowCount === 1;
  }

  /** The key's own revokedAtMs is not stored: a key is always added unrevoked (as in SQLite). */
  async addApiKey(key: ApiKeyRecord, atMs: number): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('INSERT INTO api_keys (id, username, secret_hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, NULL)', [key.id, key.username, key.secretHash, key.createdAtMs]);
      await client.query(`UPDATE accounts SET ${TOUCH} WHERE username = $2`, [atMs, key.username]);
    });
  }

  async apiKey(id: string): Promise<ApiKeyRecord | null> {
    const { rows } = await this.pool.query<KeyRow>('SELECT * FROM api_keys WHERE id = $1', [id]);
    return rows[0] ? toKey(rows[0]) : null;
  }

  async apiKeysOf(username: string): Promise<ApiKeyRecord[]> {
    const { rows } = await this.pool.query<KeyRow>('SELECT * FROM api_keys WHERE username = $1 ORDER BY created_at', [username]);
    return rows.map(toKey);
  }

  async revokeApiKey(id: string, atMs: number): Promise<boolean> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ username: string }>('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING username', [atMs, id]);
      if (!rows[0]) return false;
      // The owner's record changes too, so every node's cache of keys learns of it.
      await client.query(`UPDATE accounts SET ${TOUCH} WHERE username = $2`, [atMs, rows[0].username]);
      return true;
    });
  }

  async putEnrolmentCodes(codes: readonly EnrolmentCode[]): Promise<void> {
    // One statement may not update a row twice: a worker listed again keeps the last code, as in SQLite.
    const latest = [...new Map(codes.map((c) => [c.username, c])).values()];
    if (latest.length === 0) return;
    await this.transaction(async (client) => {
      for (const chunk of chunks(latest))
        await client.query(
          `INSERT INTO enrolment_codes (username, code_hash, expires_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
           ON CONFLICT (username) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at`,
          [chunk.map((c) => c.username), chunk.map((c) => c.codeHash), chunk.map((c) => c.expiresAtMs)],
        );
    });
  }

  async redeemEnrolmentCode(username: string, codeHash: string, deviceHash: string, atMs: number): Promise<boolean> {
    return this.transaction(async (client) => {
      // The delete locks the code's row: of two phones redeeming at once, the second finds it gone.
      const taken = await client.query('DELETE FROM enrolment_codes WHERE username = $1 AND code_hash = $2 AND expires_at > $3', [username, codeHash, atMs]);
      if (taken.rowCount !== 1) return false;
      await client.query(`UPDATE accounts SET device_hash = $3, version = version + 1, ${TOUCH} WHERE username = $2`, [atMs, username, deviceHash]);
      return true;
    });
  }

  /** One statement: the token and its family (created, or made to last as long as its latest token) together. */
  async addRefresh(record: RefreshRecord): Promise<void> {
    await this.pool.query(
      `WITH family AS (
         INSERT INTO refresh_families (family_id, username, expires_at) VALUES ($3, $2, $4)
           ON CONFLICT (family_id) DO UPDATE SET expires_at = GREATEST(refresh_families.expires_at, excluded.expires_at)
       )
       INSERT INTO refresh_tokens (token_hash, username, family_id, expires_at) VALUES ($1, $2, $3, $4)`,
      [record.tokenHash, record.username, record.familyId, record.expiresAtMs],
    );
  }

  /**
   * The mark-as-used is one statement on the token's row: of two taking the same token at once,
   * the second waits for the first's row lock, finds it used and so revokes the family. A family
   * revoked while a token of it is being taken is linearised after the take: the successor that
   * take adds belongs to the revoked family, and is dead.
   */
  async takeRefresh(tokenHash: string, atMs: number): Promise<RefreshUse | null> {
    const taken = await this.pool.query<RefreshRow>(
      `UPDATE refresh_tokens t SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
         AND EXISTS (SELECT 1 FROM refresh_families f WHERE f.family_id = t.family_id AND f.revoked_at IS NULL)
         RETURNING token_hash, username, family_id, expires_at`,
      [tokenHash, atMs],
    );
    if (taken.rows[0]) return { outcome: 'taken', record: toRefresh(taken.rows[0]) };
    const { rows } = await this.pool.query<RefreshRow & { used_at: number | null; revoked_at: number | null; has_family: boolean }>(
      `SELECT t.token_hash, t.username, t.family_id, t.expires_at, t.used_at, f.revoked_at, f.family_id IS NOT NULL AS has_family
         FROM refresh_tokens t LEFT JOIN refresh_families f ON f.family_id = t.family_id WHERE t.token_hash = $1`,
      [tokenHash],
    );
    const found = rows[0];
    if (!found) return null;
    const record = toRefresh(found);
    if (found.used_at === null || found.expires_at <= atMs || found.revoked_at !== null || !found.has_family) return { outcome: 'dead', record };
    await this.revokeRefreshFamily(found.family_id, atMs);
    return { outcome: 'reused', record };
  }

  async refreshFamilyOf(tokenHash: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ family_id: string }>('SELECT family_id FROM refresh_tokens WHERE token_hash = $1', [tokenHash]);
    return rows[0]?.family_id ?? null;
  }

  async revokeRefreshFamily(familyId: string, atMs: number): Promise<boolean> {
    return (await this.pool.query('UPDATE refresh_families SET revoked_at = COALESCE(revoked_at, $2) WHERE family_id = $1', [familyId, atMs])).rowCount === 1;
  }

  async deleteRefreshOf(username: string): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('DELETE FROM refresh_tokens WHERE username = $1', [username]);
      await client.query('DELETE FROM refresh_families WHERE username = $1', [username]);
    });
  }

  async deleteExpiredRefresh(nowMs: number): Promise<number> {
    return this.transaction(async (client) => {
      const deleted = (await client.query('DELETE FROM refresh_tokens WHERE expires_at <= $1', [nowMs])).rowCount ?? 0;
      await client.query('DELETE FROM refresh_families WHERE expires_at <= $1', [nowMs]);
      return deleted;
    });
  }

  private transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }
}
