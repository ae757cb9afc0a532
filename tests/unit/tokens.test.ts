import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { TokenIssuer } from '../../server/auth/tokens.ts';

const SECRET = 'a-test-signing-secret-of-enough-length';
const key = new TextEncoder().encode(SECRET);
const worker = { username: 'W000001', role: 'worker' as const, unit: 'W000001' };
const NOW_MS = 1_800_000_000_000;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signWith = (secret: string, signed: string) => `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;

describe('access tokens (HS256 compact JWTs, checked synchronously)', () => {
  const tokens = new TokenIssuer(SECRET, 60_000);

  it('gives back what it signed, the session included', () => {
    expect(tokens.verify(tokens.issue(worker, 3, NOW_MS, 'family-1'), NOW_MS)).toEqual({ principal: worker, version: 3, sessionId: 'family-1' });
    expect(tokens.verify(tokens.issue({ username: 'wall', role: 'wall', unit: null }, 0, NOW_MS), NOW_MS + 59_000)).toEqual({ principal: { username: 'wall', role: 'wall', unit: null }, version: 0 });
  });

  it('refuses a token once its lifetime is over', () => {
    const token = tokens.issue(worker, 0, NOW_MS);
    expect(tokens.verify(token, NOW_MS + 59_999)).not.toBeNull();
    expect(tokens.verify(token, NOW_MS + 60_000)).toBeNull();
  });

  it('refuses another secret, a changed payload, another algorithm, no signature and garbage', () => {
    const token = tokens.issue(worker, 0, NOW_MS);
    expect(new TokenIssuer('another-secret-entirely-of-length', 60_000).verify(token, NOW_MS)).toBeNull();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const raised = b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'officer' });
    expect(tokens.verify(`${header}.${raised}.${signature}`, NOW_MS)).toBeNull();
    const claims = { sub: 'W000001', role: 'worker', unit: 'W000001', v: 0, exp: NOW_MS / 1000 + 60 };
    expect(tokens.verify(`${b64({ alg: 'none' })}.${b64(claims)}.`, NOW_MS)).toBeNull();
    expect(tokens.verify(signWith(SECRET, `${b64({ alg: 'HS512' })}.${b64(claims)}`), NOW_MS)).toBeNull();
    expect(tokens.verify(signWith(SECRET, `${b64({ alg: 'HS256' })}.${b64(claims)}`), NOW_MS)).not.toBeNull();
    for (const bad of ['', '.', '..', 'abc', `${header}.${payload}`, `${header}..${signature}`, `${header}.${payload}.${signature}x`, `${header}.${payload}!.${signature}`])
      expect(tokens.verify(bad, NOW_MS), bad).toBeNull();
  });

  it('refuses well-signed claims of the wrong shape: no expiry, an unknown role, no version', () => {
    const header = b64({ alg: 'HS256' });
    const good = { sub: 'W000001', role: 'worker', unit: 'W000001', v: 0, exp: NOW_MS / 1000 + 60 };
    expect(tokens.verify(signWith(SECRET, `${header}.${b64(good)}`), NOW_MS)).not.toBeNull();
    for (const claims of [{ ...good, exp: undefined }, { ...good, role: 'mayor' }, { ...good, v: '0' }, { ...good, sub: '' }, { ...good, sid: 7 }, { ...good, nbf: NOW_MS / 1000 + 30 }, [good]])
      expect(tokens.verify(signWith(SECRET, `${header}.${b64(claims)}`), NOW_MS), JSON.stringify(claims)).toBeNull();
  });

  it('accepts tokens signed by jose before the change, and jose accepts its tokens', async () => {
    const now = Date.now();
    const fromJose = await new SignJWT({ role: 'worker', unit: 'W000001', v: 2, sid: 'family-9' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('W000001')
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.ceil((now + 60_000) / 1000))
      .sign(key);
    expect(tokens.verify(fromJose)).toEqual({ principal: worker, version: 2, sessionId: 'family-9' });
    const { payload } = await jwtVerify(tokens.issue(worker, 4, now, 'family-2'), key, { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ sub: 'W000001', role: 'worker', unit: 'W000001', v: 4, sid: 'family-2' });
  });
});
