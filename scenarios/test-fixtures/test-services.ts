/**
 * Endpoints of the real services the vitest global setup starts for the whole test run
 * (PostgreSQL, Redis, S3), read from the environment it sets. Scenario tests take them from
 * here rather than from the harness: scenarios import heapgate only by its public names.
 * Each throws when its variable is absent: a test never skips for want of a service.
 */
import type { S3Endpoint } from 'heapgate/services';

function fromEnv(name: string, service: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through \`npm test\` (vitest global setup starts ${service})`);
  return value;
}

/** `postgres://…` of the test PostgreSQL (`HEAPGATE_TEST_PG_URL`; carries a password: never log it). */
export function testPostgresUrl(): string {
  return fromEnv('HEAPGATE_TEST_PG_URL', 'PostgreSQL');
}

/** `redis://…` of the test Redis (`HEAPGATE_TEST_REDIS_URL`; carries a password: never log it). */
export function testRedisUrl(): string {
  return fromEnv('HEAPGATE_TEST_REDIS_URL', 'Redis');
}

/** The test S3 endpoint (`HEAPGATE_TEST_S3`, JSON; carries a secret key: never log it). */
export function testS3Endpoint(): S3Endpoint {
  return JSON.parse(fromEnv('HEAPGATE_TEST_S3', 'S3')) as S3Endpoint;
}
