import type { NextFunction, Request, Response } from 'express';
import { UNSTORABLE_TEXT, unstorablePathOf } from '../../common/domain/text.ts';

/** `%00` in a path (any case): Express would decode it into a route parameter as NUL. */
const ENCODED_NUL = /%00/i;

/** The first place of a request holding text no store can keep: "path", a query parameter, or a body field as the schemas name it. */
function unstorableFieldOf(req: Request): string | null {
  if (ENCODED_NUL.test(req.path)) return 'path';
  return unstorablePathOf(req.query) ?? (req.body === undefined ? null : unstorablePathOf(req.body));
}

/**
 * The door for text no store can keep (NUL, unpaired surrogates), in one place for every route:
 * the path, each query parameter and every string (and key) of a parsed JSON body, refused with
 * 400 naming the field before any router sees the request. The schemas refuse the same in the
 * fields they name; this catches what they do not (route parameters, fields kept as sent, routes
 * added later). Mounted after each body parser.
 */
export function refuseUnstorableText() {
  return (req: Request, res: Response, next: NextFunction) => {
    const field = unstorableFieldOf(req);
    if (field === null) return next();
    res.status(400).json({ error: `${field}: ${UNSTORABLE_TEXT}`, fields: [field] });
  };
}
