/**
 * `heapgate/services`: what scenario code needs to use the services heapgate starts for it
 * (`ctx.services`), and to seed them. Re-exports only, and kept light on purpose: the measured
 * child imports a scenario module and everything it imports before the baseline, so the
 * providers (pg, s3rver, process management) stay out of this entry.
 */

/** Bulk loading into PostgreSQL with `COPY … FROM STDIN`, and the COPY text-format field encoder. */
export { copyField, copyRows, type CopyStats } from '../seed/copy-rows.js';
/** An AWS SDK `S3Client` for an {@link S3Endpoint} (path-style, checksums only where required). */
export { s3ClientFor } from './s3-client.js';
/** What `ctx.services` holds: one endpoint per service the scenario declared. */
export type { PostgresEndpoint, RedisEndpoint, S3Endpoint, ServiceEndpoints, ServiceName } from '../scenario/types.js';
