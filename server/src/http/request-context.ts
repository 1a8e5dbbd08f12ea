import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

const VALID_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when well-formed, else a new one), echoes it, and logs the
 * outcome when the response finishes: successes at debug (the ingest path runs thousands per second), client
 * errors at info, server errors at error. Headers are never logged, so tokens never reach the logs.
 */
export function requestContext(log: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.header('x-request-id');
    const id = given && VALID_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    const t0 = performance.now();
    res.on('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
      if (!log.isLevelEnabled(level)) return;
      const err = res.locals.error as Error | undefined;
      log[level](
        {
          rid: id,
          method: req.method,
          path: req.path,
          status,
          ms: Math.round((performance.now() - t0) * 10) / 10,
          ...(err ? { err: { name: err.name, message: err.message } } : {}),
        },
        'request',
      );
    });
    next();
  };
}
