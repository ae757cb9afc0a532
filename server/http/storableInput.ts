import type { NextFunction, Request, Response } from 'express';
import { UNSTORABLE_TEXT, unstorablePathOf } from '../../common/domain/text.ts';

/** `%00` in a path (any case): Express would decode it into a route parameter as NUL. */
const ENCODED_NUL = /%00/i;

/** Where a request holds text no store can keep: "path", a query parameter, or a body field as the schemas name it; null when nowhere. */
const unstorableIn = {
  address: (req: Request) => (ENCODED_NUL.test(req.path) ? 'path' : unstorablePathOf(req.query)),
  body: (req: Request) => (req.body === undefined ? null : unstorablePathOf(req.body)),
};

/**
 * The door for text no store can keep (NUL, unpaired surrogates), in one place for every route:
 * the path and each query parameter (`address`, mounted once before every router) and every
 * string (and key) of a parsed body (`body`, mounted after each body parser), refused with 400
 * naming the field before any router sees the request. The schemas refuse the same in the fields
 * they name; this catches what they do not (route parameters, fields kept as sent, routes added later).
 */
export function refuseUnstorableText(part: keyof typeof unstorableIn) {
  const find = unstorableIn[part];
  return (req: Request, res: Response, next: NextFunction) => {
    const field = find(req);
    if (field === null) return next();
    res.status(400).json({ error: `${field}: ${UNSTORABLE_TEXT}`, fields: [field] });
  };
}
