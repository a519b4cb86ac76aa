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
