import type { RequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import { answerSchemaOf, ErrorAnswer, type Operation } from './apiOperation.ts';
import { describeZodError } from './errors.ts';
import { openApiPath } from './openApi.ts';

/**
 * Holds the API description to what the routes really answer: each JSON answer is checked
 * against its operation's schema for that status, and one that does not match becomes a 500
 * naming the difference. On in the tests (`checkAnswers`), so every call a test makes checks the
 * document; off in production, where it would only cost time.
 */
export function checkAnswers(operations: readonly Operation[], logger: Logger): RequestHandler {
  const byRoute = new Map(operations.map((op) => [`${op.method.toUpperCase()} ${openApiPath(op.path)}`, op]));
  return (req, res, next) => {
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      const routePath: unknown = req.route?.path;
      // The API's 404 and the last-resort error handler answer outside any route: the common refusal.
      const op = typeof routePath === 'string' ? byRoute.get(`${req.method} ${openApiPath(`${req.baseUrl}${routePath}`)}`) : undefined;
      const status = res.statusCode;
      const schema = op ? answerSchemaOf(op, status) : status >= 400 ? ErrorAnswer : undefined;
      const problem = !schema
        ? op && (op.produces ?? 'json') === 'json'
          ? `${op.method.toUpperCase()} ${op.path} describes no answer for ${status}`
          : null
        : (() => {
            const checked = schema.safeParse(body);
            return checked.success ? null : `${req.method} ${op?.path ?? req.originalUrl} ${status}: ${describeZodError(checked.error)}`;
          })();
      if (problem === null) return send(body);
      logger.error({ problem }, 'an answer does not match the API description');
      res.status(500);
      return send({ error: `the answer does not match the API description: ${problem}` });
    };
    next();
  };
}
