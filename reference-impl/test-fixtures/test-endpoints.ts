/**
 * Endpoints of the real services the vitest global setup started for this test run, read from
 * the environment it sets. Tests of `reference-impl/` get their services only through here, so
 * they import nothing from the harness. A missing variable is an error, never a skip: these
 * tests prove nothing unless they run against the real services.
 */

/** How to reach the test run's S3-compatible store (the JSON in `HEAPGATE_TEST_S3`). */
export interface TestS3Endpoint {
  /** `http://127.0.0.1:<port>` or the URL of the server the run was pointed at. */
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  /** A secret: never log it. */
  readonly secretAccessKey: string;
  /** Path-style addressing (`http://host/bucket/key`); embedded servers and MinIO need it. */
  readonly forcePathStyle: boolean;
}

function required(name: string, service: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run tests through \`npm test\` or \`npx vitest run\` (vitest global setup starts ${service})`);
  }
  return value;
}

/** `postgres://…` of the test PostgreSQL (`HEAPGATE_TEST_PG_URL`; carries a password: never log it). */
export function testPostgresUrl(): string {
  return required('HEAPGATE_TEST_PG_URL', 'PostgreSQL');
}

/** `redis://…` of the test Redis (`HEAPGATE_TEST_REDIS_URL`; carries a password: never log it). */
export function testRedisUrl(): string {
  return required('HEAPGATE_TEST_REDIS_URL', 'Redis');
}

/** The test S3-compatible store (`HEAPGATE_TEST_S3`, JSON; carries a secret key: never log it). */
export function testS3Endpoint(): TestS3Endpoint {
  const json = required('HEAPGATE_TEST_S3', 'an S3-compatible store');
  const e = JSON.parse(json) as Partial<TestS3Endpoint>;
  for (const key of ['endpoint', 'region', 'accessKeyId', 'secretAccessKey'] as const) {
    if (typeof e[key] !== 'string' || e[key] === '') throw new Error(`HEAPGATE_TEST_S3 has no ${key}`);
  }
  if (typeof e.forcePathStyle !== 'boolean') throw new Error('HEAPGATE_TEST_S3 has no forcePathStyle');
  return e as TestS3Endpoint;
}
