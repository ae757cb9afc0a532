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

/** Last-resort handler: log the failure, answer 500 without leaking internals; bad JSON is a 400. */
export function errorHandler(logger: Logger) {
  return (error: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.parse.failed') return void res.status(400).json({ error: 'body: malformed JSON', fields: ['body'] });
    // A body over the route's limit is the client's doing: said as what it is, without a stack.
    if (error.type === 'entity.too.large') {
      logger.warn({ method: req.method, url: req.originalUrl, bytes: (error as { length?: number }).length }, 'request body too large');
      return void res.status(413).json({ error: `body: larger than this endpoint takes (${(error as { limit?: number }).limit} bytes)`, fields: ['body'] });
    }
    logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    if (!res.headersSent) res.status(error.status ?? 500).json({ error: 'internal error' });
  };
}
