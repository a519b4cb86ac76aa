/** Endpoints of the services the vitest global setup started. Throws when absent, never skips. */
export function testPostgresUrl(): string {
  const url = process.env.HEAPGATE_TEST_PG_URL;
  if (!url) throw new Error('HEAPGATE_TEST_PG_URL is not set: run tests through `npm test` (vitest global setup starts PostgreSQL)');
  return url;
}

/** `redis://…` of the Redis the vitest global setup started (carries a password: never log it). */
export function testRedisUrl(): string {
  const url = process.env.HEAPGATE_TEST_REDIS_URL;
  if (!url) throw new Error('HEAPGATE_TEST_REDIS_URL is not set: run tests through `npm test` (vitest global setup starts Redis)');
  return url;
}

/** The S3 endpoint the vitest global setup started (carries a secret key: never log it). */
export function testS3Endpoint(): import('../scenario/types.js').S3Endpoint {
  const json = process.env.HEAPGATE_TEST_S3;
  if (!json) throw new Error('HEAPGATE_TEST_S3 is not set: run tests through `npm test` (vitest global setup starts S3)');
  return JSON.parse(json) as import('../scenario/types.js').S3Endpoint;
}
