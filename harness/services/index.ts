/**
 * `heapgate/services`: what scenario code needs to use the services heapgate starts for it
 * (`ctx.services`), and to seed them; and the providers themselves, for users' own tests that
 * want the same PostgreSQL, Redis or S3 heapgate would start (same order, same environment
 * variables, always stopped). Re-exports only.
 */

/** Bulk loading into PostgreSQL with `COPY … FROM STDIN`, and the COPY text-format field encoder. */
export { copyField, copyRows, type CopyStats } from '../seed/copy-rows.js';
/** An AWS SDK `S3Client` for an {@link S3Endpoint} (path-style, checksums only where required). */
export { s3ClientFor } from './s3-client.js';
/** What `ctx.services` holds: one endpoint per service the scenario declared. */
export type { PostgresEndpoint, RedisEndpoint, S3Endpoint, ServiceEndpoints, ServiceName } from '../scenario/types.js';

/**
 * Start (or connect to) one service: the URL variable (`PG_URL`, `REDIS_URL`, `S3_ENDPOINT`) →
 * testcontainers when a Docker engine answers and `HEAPGATE_SERVICES` is not `local` → embedded
 * PostgreSQL 18 / a `redis-server` binary / an in-process S3 server on 127.0.0.1 with random
 * credentials. `await using` the handle, or `stop()` it; Ctrl-C stops it too.
 */
export { startPostgres, type PostgresProviderOptions } from './postgres-provider.js';
export { startRedis, type RedisProviderOptions } from './redis-provider.js';
export { startS3, type S3ProviderOptions } from './s3-provider.js';
/** A started service: its endpoint, provider, version, and an idempotent `stop()`. */
export type { ProviderKind, ServiceHandle } from './service-handle.js';
