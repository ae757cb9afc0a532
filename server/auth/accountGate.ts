import type { AccountRecord, AccountRepository, ApiKeyRecord } from '../accounts/accountRepository.ts';
import type { Logger } from '../logger.ts';

/** What the gate keeps of an account: enough to admit or refuse a token. */
type Status = Pick<AccountRecord, 'role' | 'unit' | 'department' | 'channel' | 'enabled' | 'demo' | 'version'>;

/** Accounts read from the store in one question at most. */
const LOAD_CHUNK = 1000;
/** Accounts remembered at most; beyond it the cache starts again (100,394 workers fit). */
const CACHED_MAX = 250_000;
/**
 * Each poll looks this far behind its last sighting, ms: another process's clock (the admin CLI,
 * another node) may lag ours, and a change stamped in the past must still be seen.
 */
const LOOKBACK_MS = 15_000;

/** The map's value for `key`, loaded and kept on first use; the map starts again past CACHED_MAX. */
async function remembered<V>(map: Map<string, V>, key: string, load: () => Promise<V>): Promise<V> {
  if (map.has(key)) return map.get(key)!;
  const value = await load();
  if (map.size >= CACHED_MAX) map.clear();
  map.set(key, value);
  return value;
}

/**
 * Whether an account may act now, asked on every request and socket sign-in, answered from
 * memory; every `pollMs` the store is asked which accounts changed (by this process, the admin
 * CLI or another node), the cache follows, and listeners hear of each — the socket sessions close
 * what is no longer admitted. A disabled account is thus shut out everywhere within one poll.
 */
export class AccountGate {
  private readonly statuses = new Map<string, Status | null>();
  private readonly keys = new Map<string, ApiKeyRecord | null>();
  /** Accounts asked for in this turn of the event loop, read together at its end. */
  private readonly loading = new Map<string, { promise: Promise<Status | null>; resolve: (status: Status | null) => void; reject: (error: unknown) => void }>();
  private readonly listeners: ((username: string) => void)[] = [];
  private lastSeenMs: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: AccountRepository,
    private readonly demo: boolean,
    private readonly clock: () => number,
    private readonly logger: Logger,
  ) {
    this.lastSeenMs = clock();
  }

  /** The account's status if it may act now: present, enabled, not a demo account outside demo mode. */
  async admitted(username: string, version?: number): Promise<Status | null> {
    const status = await remembered(this.statuses, username, () => this.load(username));
    return this.admits(status, version) ? status : null;
  }

  /**
   * An account not remembered yet, read together with the others asked for in the same turn of
   * the event loop: thousands of phones reconnecting at once (a node gone) cost the store a
   * few questions, not one each.
   */
  private load(username: string): Promise<Status | null> {
    const waiting = this.loading.get(username);
    if (waiting) return waiting.promise;
    let resolve!: (status: Status | null) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<Status | null>((res, rej) => ((resolve = res), (reject = rej)));
    this.loading.set(username, { promise, resolve, reject });
    if (this.loading.size === 1) setImmediate(() => void this.loadWaiting());
    return promise;
  }

  private async loadWaiting(): Promise<void> {
    const batch = new Map(this.loading);
    this.loading.clear();
    try {
      const usernames = [...batch.keys()];
      const chunks = Array.from({ length: Math.ceil(usernames.length / LOAD_CHUNK) }, (_, i) => usernames.slice(i * LOAD_CHUNK, (i + 1) * LOAD_CHUNK));
      const found = new Map((await Promise.all(chunks.map((chunk) => this.repository.getMany(chunk)))).flat().map((r) => [r.username, r]));
      for (const [username, waiter] of batch) {
        const record = found.get(username);
        waiter.resolve(
          record ? { role: record.role, unit: record.unit, department: record.department, channel: record.channel, enabled: record.enabled, demo: record.demo, version: record.version } : null,
        );
      }
    } catch (error) {
      for (const waiter of batch.values()) waiter.reject(error);
    }
  }

  admits(status: Status | null, version?: number): status is Status {
    return status !== null && status.enabled && (!status.demo || this.demo) && (version === undefined || version === status.version);
  }

  /** An API key's record by id, remembered; forgotten when its owner's account changes. */
  async apiKey(id: string): Promise<ApiKeyRecord | null> {
    return remembered(this.keys, id, () => this.repository.apiKey(id));
  }

  private forgetKeysOf(username: string): void {
    for (const [id, key] of this.keys) if (key?.username === username) this.keys.delete(id);
  }

  /** Called with the username of every account that changed. */
  onChange(listener: (username: string) => void): void {
    this.listeners.push(listener);
  }

  /** This process changed an account: forget it now rather than at the next poll. */
  forget(username: string): void {
    this.statuses.delete(username);
    this.forgetKeysOf(username);
    for (const listener of this.listeners) listener(username);
  }

  start(pollMs: number): void {
    this.timer = setInterval(() => {
      this.poll().catch((error: unknown) => this.logger.error({ err: error }, 'account poll failed; trying again at the next'));
    }, pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Reads the accounts changed since the last poll (with a look-back): the API keys of each are
   * forgotten (a revoked key changes its owner's record), and each whose remembered status
   * differs is forgotten and announced.
   */
  async poll(): Promise<number> {
    const records = await this.repository.changedSince(this.lastSeenMs - LOOKBACK_MS);
    let changed = 0;
    for (const r of records) {
      if (this.keys.size > 0) this.forgetKeysOf(r.username);
      const known = this.statuses.get(r.username);
      if (known !== undefined && (known === null || known.enabled !== r.enabled || known.version !== r.version || known.demo !== r.demo)) {
        this.forget(r.username);
        changed++;
      }
      this.lastSeenMs = Math.max(this.lastSeenMs, r.updatedAtMs);
    }
    return changed;
  }
}
