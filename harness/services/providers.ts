/**
 * `heapgate/providers`: start the services heapgate itself uses (PostgreSQL, Redis, an
 * S3-compatible store) from scripts outside the harness — a service started for a load test, a
 * seeding script — in the same order the harness uses (README, "Services": the `*_URL` variable,
 * then testcontainers, then the local fallback on 127.0.0.1 with random ports and credentials).
 * Re-exports only.
 *
 * A separate entry from `heapgate/services` on purpose: the measured child imports that one
 * before its baseline, and these pull in `pg`, `s3rver` and process management.
 *
 * Every handle's `stop()` is idempotent, and the handle is also stopped when the process ends
 * (normal exit, failure, SIGINT/SIGTERM: the handlers are installed when the first service is
 * started, and exit with 130/143 once everything is stopped). Endpoints carry credentials:
 * never print them.
 */

/**
 * Starts (or connects to, with `PG_URL`) PostgreSQL 18 and checks that it answers; resolves to
 * a handle whose `endpoint.connectionString` reaches database `heapgate`.
 */
export { startPostgres, type PostgresProviderOptions } from './postgres-provider.js';
/** Starts (or connects to, with `REDIS_URL`) Redis and checks that it answers PING; `endpoint.url` is `redis://…`. */
export { startRedis, type RedisProviderOptions } from './redis-provider.js';
/** Starts (or connects to, with `S3_ENDPOINT`) an S3-compatible store and checks that it answers. */
export { startS3, type S3ProviderOptions } from './s3-provider.js';
/** A started service (endpoint, provider, version, idempotent `stop()`) and where it came from. */
export type { ProviderKind, ServiceHandle } from './service-handle.js';
/** What every provider's options share: the environment and Docker probe selection reads, a progress logger. */
export type { ServiceProviderOptions } from './service-provider.js';
/** The endpoint each handle carries. */
export type { PostgresEndpoint, RedisEndpoint, S3Endpoint } from '../scenario/types.js';
