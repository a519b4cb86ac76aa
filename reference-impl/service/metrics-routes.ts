/**
 * `GET /metrics`: the service's Prometheus metrics in the text exposition format, from the
 * `prom-client` `Registry` the caller passes (never the global one, so several services — and
 * tests — never collide):
 *
 * - prom-client's default metrics (`collectDefaultMetrics`): process CPU, RSS, heap spaces, GC,
 *   event-loop lag — the server-side memory a load tool cannot see from outside;
 * - `http_requests_total{method,route,status_code}` (counter) and
 *   `http_request_duration_seconds{method,route,status_code}` (histogram), recorded in an
 *   `onResponse` hook. `route` is the route *pattern* (`/users/:userId/suggestions`), never the
 *   raw URL: one series per route, not one per user id (Prometheus: "do not use labels to store
 *   dimensions with high cardinality", https://prometheus.io/docs/practices/naming/#labels).
 *   Requests that matched no route share `route="unmatched"`.
 */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, type Registry } from 'prom-client';

/** The HTTP metric objects, should a caller want to read them directly. */
export interface HttpMetrics {
  readonly requests: Counter<'method' | 'route' | 'status_code'>;
  readonly duration: Histogram<'method' | 'route' | 'status_code'>;
}

/** The `route` label of a request no route matched. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Registers the default and HTTP metrics on `registry`, the hook that records them, and the
 * `/metrics` route. Throws a `TypeError` when `registry` already holds them: one registry per
 * service, or the two services' figures would be summed.
 */
export function registerMetricsRoutes(app: FastifyInstance, registry: Registry): HttpMetrics {
  for (const name of ['http_requests_total', 'http_request_duration_seconds', 'process_cpu_user_seconds_total']) {
    if (registry.getSingleMetric(name) !== undefined) {
      throw new TypeError(`registry already holds ${name}: give each reference service a Registry of its own`);
    }
  }
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to having sent its response, in seconds, by method, route pattern and status code.',
    labelNames,
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: String(reply.statusCode) };
    requests.inc(labels);
    // elapsedTime: milliseconds since fastify received the request, read once the response is sent.
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { priority: 'critical' } }, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
  return { requests, duration };
}
