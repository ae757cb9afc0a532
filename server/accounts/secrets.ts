import { createHash, randomBytes, randomInt, scrypt as scryptCallback, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * Passwords are hashed with scrypt (Node's OpenSSL binding): N = 2^15, r = 8, p = 1 costs
 * ≈ 32 MiB and tens of ms per sign-in, on the libuv pool so the event loop keeps serving.
 * Stored as `scrypt$N$r$p$salt$hash`, so the cost can rise later without breaking old hashes.
 */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, maxmem: 64 * 1024 * 1024 };

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: SCRYPT.maxmem });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * A stored-hash lookalike that no password opens (its "hash" is random bytes, not the scrypt of
 * anything), with the same cost parameters as a real one: checking a password against it costs
 * exactly what checking against an account's hash does. Sign-ins for an unknown account, or for
 * one without a password, are checked against it, so how long the answer takes does not tell
 * which usernames exist or have a password. Nothing is computed to make it.
 */
export const DECOY_PASSWORD_HASH = ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, randomBytes(16).toString('base64url'), randomBytes(SCRYPT.keyLength).toString('base64url')].join('$');

/** The same for a device credential's fast hash: random, so no credential matches it. */
export const DECOY_FAST_HASH = createHash('sha256').update(randomBytes(32)).digest('base64url');

/**
 * Successful checks remembered by (stored hash, password digest): the demo roster's 100,394
 * workers share one hash, and a fleet of simulated phones signing in must not cost 100,394
 * scrypt runs. A changed password changes the stored hash, so nothing stale can match.
 */
const verified = new Set<string>();
const VERIFIED_KEPT = 1000;

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const memo = `${stored}|${fastHash(password)}`;
  if (verified.has(memo)) return true;
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  const ok = key.length === expected.length && timingSafeEqual(key, expected);
  if (ok) {
    if (verified.size >= VERIFIED_KEPT) verified.clear();
    verified.add(memo);
  }
  return ok;
}

/**
 * SHA-256, for secrets that are themselves high-entropy random strings (device credentials, API
 * keys, refresh tokens, enrolment codes): guessing one is hopeless however fast the hash, and
 * 100,000 workers enrol in seconds.
 */
export function fastHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A random secret with a readable prefix saying what it is (`cbd_` device, `cbk_` key, `cbr_` refresh). */
export function randomSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** Crockford's base32 without I, L, O, U: nothing to misread on a printed enrolment sheet. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time enrolment code, 12 characters (60 bits) in groups of four: `7KQ2-M9XA-4TRD`. */
export function enrolmentCode(): string {
  let code = '';
  for (let i = 0; i < 12; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** The code as typed: case, spaces and dashes do not matter. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}
