/**
 * Error answers of the reference service: one JSON shape for every status ({@link ErrorBody}),
 * whether a route threw a {@link ReferenceServiceError}, a schema rejected the request, no route
 * matched, or something broke. Unexpected errors are logged (the logger is off unless the caller
 * turned it on) and answered with a message that says nothing about them: a pg error can quote
 * SQL and values, and an answer is no place for either.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyServerOptions } from 'fastify';
import { type ErrorBody, ReferenceServiceError, type ReferenceServiceErrorCode } from './reference-service-error.js';

function send(reply: FastifyReply, statusCode: number, code: ReferenceServiceErrorCode, message: string): FastifyReply {
  const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message };
  return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
}

/**
 * fastify's `frameworkErrors` option: errors raised before routing (a URL that does not decode,
 * a path parameter longer than `maxParamLength`), which skip the error handler, answered in
 * the same shape with their own status (400, 414).
 */
export const frameworkErrorReply: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, _request, reply) => {
  void send(reply, error.statusCode ?? 400, 'HEAPGATE_SERVICE_INVALID_REQUEST', error.message);
};

/**
 * Installs the error handler and the not-found handler on `app` (before its routes are
 * registered), and the 503 for requests that arrive while it closes. The app must be created
 * with `return503OnClosing: false`: fastify's own 503 is a fixed body without `code`, written
 * before any hook (so not counted in the metrics either).
 */
export function registerErrorReplies(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Requests already in flight finish; new ones on a kept-alive connection are refused.
  app.addHook('onRequest', async () => {
    if (closing) throw new ReferenceServiceError(503, 'HEAPGATE_SERVICE_UNAVAILABLE', 'the service is shutting down');
  });
  app.setErrorHandler((error: FastifyError | ReferenceServiceError | Error, request, reply) => {
    if (error instanceof ReferenceServiceError) {
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      if (error.statusCode >= 500) request.log.warn({ err: error }, error.message);
      return send(reply, error.statusCode, error.code, error.message);
    }
    const fastifyError = error as FastifyError;
    // Schema validation (fastify names the part and field: "querystring/limit must be <= 500"),
    // and fastify's own client errors (a malformed body, an unsupported media type).
    if (fastifyError.validation !== undefined || (fastifyError.statusCode !== undefined && fastifyError.statusCode < 500)) {
      return send(reply, fastifyError.statusCode ?? 400, 'HEAPGATE_SERVICE_INVALID_REQUEST', fastifyError.message);
    }
    request.log.error({ err: error }, 'request failed');
    return send(reply, 500, 'HEAPGATE_SERVICE_INTERNAL', 'internal error');
  });
  app.setNotFoundHandler((request, reply) => {
    // The path only: a query string is the client's business, and may carry what it should not.
    const path = request.url.split('?', 1)[0];
    return send(reply, 404, 'HEAPGATE_SERVICE_NOT_FOUND', `no route ${request.method} ${path}`);
  });
}
