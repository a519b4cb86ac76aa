/**
 * `GET /healthz`: liveness. Answers `{ status: 'ok' }` as long as the process serves HTTP; it
 * checks no dependency, so a PostgreSQL hiccup does not get a healthy process restarted (the
 * routes that need PostgreSQL answer for themselves).
 *
 * `GET /health/memory`: seed 004's memory health check (`checkHealth`: `LOW` / `MODERATE` /
 * `HIGH` / `CRITICAL` against the heap size limit, with the seed's recommendations), and the
 * memory-pressure level when the service has a handler. Always 200: it reports, it does not
 * decide; a monitor reads `status`.
 *
 * Both are `critical` for the memory-pressure plugin: a health check shed under pressure would
 * get a struggling process restarted for being busy.
 */
import type { FastifyInstance } from 'fastify';
import { checkHealth, type HealthReport } from '../pressure/check-health.js';
import type { PressureLevel } from '../pressure/pressure-level.js';

/** What `/healthz` answers. */
export interface HealthResponse {
  readonly status: 'ok';
}

/** What `/health/memory` answers: seed 004's report, and the handler's level (null without one). */
export interface MemoryHealthResponse extends HealthReport {
  readonly level: PressureLevel | null;
}

/** Registers `/healthz` and `/health/memory` on `app`; `handler` supplies the level. */
export function registerHealthRoutes(app: FastifyInstance, handler?: { readonly level: PressureLevel }): void {
  app.get('/healthz', { config: { priority: 'critical' } }, async (): Promise<HealthResponse> => ({ status: 'ok' }));
  app.get(
    '/health/memory',
    { config: { priority: 'critical' } },
    async (): Promise<MemoryHealthResponse> => ({ ...checkHealth(), level: handler?.level ?? null }),
  );
}
