import type { Role } from '../../common/domain/auth.ts';
import type { AccountCounts, AccountRecord, AccountRepository, ApiKeyRecord } from './accountRepository.ts';
import type { DemoPerson } from './demoAccounts.ts';
import { DECOY_FAST_HASH, DECOY_PASSWORD_HASH, enrolmentCode, fastHash, hashPassword, normaliseCode, randomSecret, sameHash, verifyPassword } from './secrets.ts';

/** How an API key looks: `cbk_<id>.<secret>`; the id finds the stored hash, the secret proves it. */
const API_KEY = /^cbk_([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;
/** A worker phone's device credential: high-entropy, so checked with a fast hash, never scrypt. */
const DEVICE_PREFIX = 'cbd_';

/** Workers enrolled per transaction: progress shows between them. */
const ENROL_BATCH = 10_000;

export class AccountError extends Error {}

/**
 * Demo passwords, hashed once per process (≈ 0.1–0.2 s of scrypt each): they are public (README),
 * so their accounts may share a hash, and servers started in one process (tests) share them too.
 */
const demoHashes = new Map<string, Promise<string>>();
const hashOf = (password: string): Promise<string> => demoHashes.get(password) ?? demoHashes.set(password, hashPassword(password)).get(password)!;

/**
 * The accounts: adding, disabling, resetting, API keys for integrations, and the enrolment of
 * grid workers' phones with one-time codes. Shared by the server and the admin CLI.
 */
export class AccountService {
  constructor(
    readonly repository: AccountRepository,
    private readonly clock: () => number,
  ) {}

  private fresh(username: string, role: Role, unit: string | null, passwordHash: string | null, demo: boolean, department: string | null = null, channel: string | null = null): AccountRecord {
    const now = this.clock();
    // Never changed yet (0): the gate's poll for changed accounts does not read 100,394 new ones.
    return { username, role, unit, department, channel, passwordHash, deviceHash: null, enabled: true, demo, version: 0, createdAtMs: now, updatedAtMs: 0 };
  }

  /** `department`: a department account's department code; `channel`: an integration's (both checked by the caller, as the unit is). */
  async add(username: string, role: Role, unit: string | null, password: string | null, department: string | null = null, channel: string | null = null): Promise<AccountRecord> {
    const account = this.fresh(username, role, unit, password === null ? null : await hashPassword(password), false, department, channel);
    if (!(await this.repository.insert(account))) throw new AccountError(`${username} exists already`);
    return account;
  }

  private async existing(username: string): Promise<AccountRecord> {
    const account = await this.repository.get(username);
    if (!account) throw new AccountError(`no account ${username}`);
    return account;
  }

  /** Disabled: every token, refresh token and key of the account stops working; its sockets close. */
  async setEnabled(username: string, enabled: boolean): Promise<void> {
    await this.existing(username);
    await this.repository.update(username, { enabled }, true, this.clock());
    if (!enabled) await this.repository.deleteRefreshOf(username);
  }

  /** A new password; everything issued before stops working. */
  async resetPassword(username: string, password: string): Promise<void> {
    await this.existing(username);
    await this.repository.update(username, { passwordHash: await hashPassword(password) }, true, this.clock());
    await this.repository.deleteRefreshOf(username);
  }

  /** A long-lived key for an integration: shown once, stored as a hash, revocable. */
  async issueApiKey(username: string): Promise<{ id: string; key: string }> {
    const account = await this.existing(username);
    if (account.role !== 'integration') throw new AccountError(`API keys are for integration accounts; ${username} is ${account.role}`);
    const id = randomSecret('', 12);
    const secret = randomSecret('', 32);
    await this.repository.addApiKey({ id, username, secretHash: fastHash(secret), createdAtMs: this.clock(), revokedAtMs: null }, this.clock());
    return { id, key: `cbk_${id}.${secret}` };
  }

  async revokeApiKey(id: string): Promise<void> {
    if (!(await this.repository.revokeApiKey(id, this.clock()))) throw new AccountError(`no active API key ${id}`);
  }

  /** The key's record if `key` is a well-formed API key whose secret matches an unrevoked one. */
  async checkApiKey(key: string, lookup: (id: string) => Promise<ApiKeyRecord | null> = (id) => this.repository.apiKey(id)): Promise<ApiKeyRecord | null> {
    const match = API_KEY.exec(key);
    if (!match) return null;
    const record = await lookup(match[1]!);
    return record && record.revokedAtMs === null && sameHash(record.secretHash, fastHash(match[2]!)) ? record : null;
  }

  /**
   * One-time codes for these workers (their accounts created if missing), valid for `validMs`.
   * 100,000 workers take a few seconds: fast hashes, batched transactions.
   */
  async enrolWorkers(workerIds: readonly string[], validMs: number, onProgress: (done: number, total: number) => void = () => {}): Promise<{ username: string; code: string; expiresAtMs: number }[]> {
    const expiresAtMs = this.clock() + validMs;
    const codes: { username: string; code: string; expiresAtMs: number }[] = [];
    for (let start = 0; start < workerIds.length; start += ENROL_BATCH) {
      const batch = workerIds.slice(start, start + ENROL_BATCH);
      await this.repository.insertMissing(batch.map((id) => this.fresh(id, 'worker', id, null, false)));
      const issued = batch.map((username) => ({ username, code: enrolmentCode(), expiresAtMs }));
      await this.repository.putEnrolmentCodes(issued.map((c) => ({ username: c.username, codeHash: fastHash(normaliseCode(c.code)), expiresAtMs })));
      codes.push(...issued);
      onProgress(codes.length, workerIds.length);
    }
    return codes;
  }

  /** Exchanges a worker's one-time code for the phone's own credential; null when the code is wrong, used or expired. */
  async redeemEnrolment(username: string, code: string): Promise<string | null> {
    const credential = randomSecret(DEVICE_PREFIX);
    return (await this.repository.redeemEnrolmentCode(username, fastHash(normaliseCode(code)), fastHash(credential), this.clock())) ? credential : null;
  }

  /**
   * The account if this password (or device credential) opens it; whether it may sign in now is
   * the gate's question. The work done depends on the shape of what was typed alone, never on the
   * account: a device credential (`cbd_…`, high-entropy, so a fast hash) is compared with the
   * account's device hash or a decoy; anything else runs one scrypt against the account's password
   * hash or a decoy of the same cost — for an unknown username, an account without a password
   * (an enrolled phone) and one with a password alike. So the answer's timing tells nobody which
   * usernames exist, or which have a password or an enrolled phone; the shape is the caller's own.
   */
  async checkPassword(username: string, password: string): Promise<AccountRecord | null> {
    const account = await this.repository.get(username);
    if (password.startsWith(DEVICE_PREFIX)) {
      const matches = sameHash(account?.deviceHash ?? DECOY_FAST_HASH, fastHash(password));
      return account?.deviceHash && matches ? account : null;
    }
    const matches = await verifyPassword(password, account?.passwordHash ?? DECOY_PASSWORD_HASH).catch(() => false);
    return account?.passwordHash && matches ? account : null;
  }

  /**
   * Demo mode's accounts, inserted where missing and flagged demo (refused whenever demo mode is
   * off). The roster's workers share one password hash, so seeding 100,394 takes about a second.
   */
  async seedDemo(people: readonly DemoPerson[], workerIds: readonly string[], workerPassword: string): Promise<number> {
    const accounts: AccountRecord[] = [];
    const present = new Set((await this.repository.getMany(people.map((p) => p.username))).map((a) => a.username));
    for (const p of people) if (!present.has(p.username)) accounts.push(this.fresh(p.username, p.role, p.unit, await hashOf(p.password), true, p.department ?? null));
    // The workers are inserted in one transaction: the first and last present means all are.
    const workersSeeded = workerIds.length === 0 || ((await this.repository.get(workerIds[0]!)) && (await this.repository.get(workerIds.at(-1)!)));
    if (!workersSeeded) {
      const workerHash = await hashOf(workerPassword);
      for (const id of workerIds) accounts.push(this.fresh(id, 'worker', id, workerHash, true));
    }
    return accounts.length ? this.repository.insertMissing(accounts) : 0;
  }

  list(filter: { role?: Role; limit: number; offset: number }): Promise<AccountRecord[]> {
    return this.repository.list(filter);
  }

  counts(): Promise<AccountCounts> {
    return this.repository.counts();
  }
}
