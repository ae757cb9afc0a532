import type { NextFunction, Request, Response } from 'express';
import type { ZodError } from 'zod';
import type { Logger } from '../logger.ts';

/** "lng: must be ≤ 180; lat: is required" — one sentence naming each bad field. */
export function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}

export function badRequest(res: Response, error: ZodError | string): void {
  const message = typeof error === 'string' ? error : describeZodError(error);
  const fields = typeof error === 'string' ? [] : [...new Set(error.issues.map((issue) => issue.path.join('.')))];
  res.status(400).json({ error: message, fields });
}

/** Content-Encodings the body parser unpacks (besides none, `identity`). */
const BODY_ENCODINGS = 'gzip, deflate or br';
/** A header's value as quoted back in an answer or a log: short, whatever was sent. */
const quoted = (value: unknown) => JSON.stringify(String(value ?? '').slice(0, 40));

/**
 * Last-resort handler: log the failure, answer 500 without leaking internals. What the client
 * did wrong — bad JSON, a body too large, one in an encoding or charset not taken, one that does
 * not decompress — is answered as what it is (4xx `{ error }`), logged without a stack.
 */
export function errorHandler(logger: Logger) {
  return (error: Error & { status?: number; statusCode?: number; type?: string; expose?: boolean }, req: Request, res: Response, _next: NextFunction) => {
    const where = { method: req.method, url: req.originalUrl };
    if (error.type === 'entity.parse.failed') return void res.status(400).json({ error: 'body: malformed JSON', fields: ['body'] });
    // A body over the route's limit is the client's doing: said as what it is, without a stack.
    if (error.type === 'entity.too.large') {
      logger.warn({ ...where, bytes: (error as { length?: number }).length }, 'request body too large');
      return void res.status(413).json({ error: `body: larger than this endpoint takes (${(error as { limit?: number }).limit} bytes)`, fields: ['body'] });
    }
    if (error.type === 'encoding.unsupported') {
      const encoding = quoted((error as { encoding?: string }).encoding ?? req.get('content-encoding'));
      logger.warn({ ...where, contentEncoding: encoding }, 'request body in a Content-Encoding not taken');
      return void res.status(415).json({ error: `Content-Encoding ${encoding} is not taken: send the body as it is, or as ${BODY_ENCODINGS}` });
    }
    if (error.type === 'charset.unsupported') {
      const charset = quoted((error as { charset?: string }).charset);
      logger.warn({ ...where, charset }, 'request body in a charset not taken');
      return void res.status(415).json({ error: `Content-Type: charset ${charset} is not taken: send UTF-8` });
    }
    // Any other refusal the body parser (or the router) meant for the client, a body that does not
    // decompress among them: its status and what went wrong, no stack.
    const status = error.status ?? error.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500 && error.expose !== false) {
      const encoding = req.get('content-encoding');
      const compressed = status === 400 && error.type === undefined && encoding !== undefined && encoding.toLowerCase() !== 'identity';
      const message = compressed ? `body: does not decompress as Content-Encoding ${quoted(encoding)} (${error.message})` : `request refused: ${error.message}`;
      logger.warn({ ...where, status, reason: error.message }, 'request refused');
      if (!res.headersSent) res.status(status).json({ error: message, ...(compressed ? { fields: ['body'] } : {}) });
      return;
    }
    logger.error({ err: error, ...where }, 'request failed');
    if (!res.headersSent) res.status(error.status ?? 500).json({ error: 'internal error' });
  };
}
