/**
 * `GET /healthz`: liveness. Answers `{ status: 'ok' }` as long as the process serves HTTP; it
 * checks no dependency, so a PostgreSQL hiccup does not get a healthy process restarted (the
 * routes that need PostgreSQL answer for themselves).
 */
import type { FastifyInstance } from 'fastify';

/** What `/healthz` answers. */
export interface HealthResponse {
  readonly status: 'ok';
}

/** Registers `/healthz` on `app`. */
export function registerHealthRoutes(app: FastifyInstance): void {
  app.get('/healthz', async (): Promise<HealthResponse> => ({ status: 'ok' }));
}
