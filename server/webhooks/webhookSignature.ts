import { createHmac } from 'node:crypto';

/**
 * `X-CityBrain-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`: the
 * key is the secret's UTF-8 bytes, `v1` lower-case hex. The timestamp lets a receiver refuse an
 * old delivery replayed.
 */
export function signatureHeader(secret: string, rawBody: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
