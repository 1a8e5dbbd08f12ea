import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

const VALID_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * Gives a request an id (the caller's X-Request-Id when well-formed, else a new one), echoes it, and logs the
 * outcome when the response finishes: successes at debug (the ingest path runs thousands per second), client
 * errors at info, server errors at error. Headers are never logged, so tokens never reach the logs.
 */
export function beginRequest(log: Logger, req: IncomingMessage, res: ServerResponse, errorOf: () => unknown): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && VALID_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  const t0 = performance.now();
  res.on('finish', () => {
    const status = res.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
    if (!log.isLevelEnabled(level)) return;
    const err = errorOf() as Error | undefined;
    const path = (req.url ?? '').split('?')[0];
    log[level](
      {
        rid: id,
        method: req.method,
        path,
        status,
        ms: Math.round((performance.now() - t0) * 10) / 10,
        ...(err ? { err: { name: err.name, message: err.message } } : {}),
      },
      'request',
    );
  });
  return id;
}

export function requestContext(log: Logger): RequestHandler {
  return (req, res, next) => {
    res.locals.requestId = beginRequest(log, req, res, () => res.locals.error);
    next();
  };
}
