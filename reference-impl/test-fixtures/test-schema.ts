/**
 * A private schema on the shared test PostgreSQL: tables of parallel test files never meet. The
 * schema is selected through the connection string (`options=-c search_path=…`), so the code
 * under test runs unchanged with unqualified table names.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testPostgresUrl } from './test-endpoints.js';

/** A schema created by {@link createTestSchema}. */
export interface TestSchema {
  /** Schema name (`ri_<label>_<8 hex digits>`). */
  readonly schema: string;
  /** The base URL with this schema as `search_path`. Carries a password: never log it. */
  readonly connectionString: string;
  /** A new pool on the schema; the caller ends it. */
  pool(config?: Omit<pg.PoolConfig, 'connectionString'>): pg.Pool;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

async function adminQuery(baseUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * Creates an empty schema named after `label` (lowercase letters, digits, underscores) on
 * `baseUrl`. @default baseUrl the test run's PostgreSQL ({@link testPostgresUrl})
 */
export async function createTestSchema(label: string, baseUrl: string = testPostgresUrl()): Promise<TestSchema> {
  if (!/^[a-z0-9_]+$/.test(label)) throw new TypeError('label must match [a-z0-9_]+');
  // The name is built from checked characters only, so interpolating it into DDL is safe.
  const schema = `ri_${label}_${randomBytes(4).toString('hex')}`;
  await adminQuery(baseUrl, `CREATE SCHEMA ${schema}`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const connectionString = url.toString();
  return {
    schema,
    connectionString,
    pool: (config) => new pg.Pool({ ...config, connectionString }),
    drop: () => adminQuery(baseUrl, `DROP SCHEMA ${schema} CASCADE`),
  };
}
