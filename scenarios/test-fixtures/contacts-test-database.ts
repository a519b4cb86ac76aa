/**
 * A private schema on a shared PostgreSQL, for tests: contacts tables of parallel test files
 * never meet. The schema is selected through the connection string (`options=-c
 * search_path=…`), so the code under test runs unchanged with unqualified table names.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A schema created by {@link createContactsTestDatabase}. */
export interface ContactsTestDatabase {
  /** Schema name (`hg_<label>_<random>`). */
  readonly schema: string;
  /** `baseUrl` with this schema as `search_path`. Carries a password: never log it. */
  readonly connectionString: string;
  /** A new pool on the schema (caller ends it). */
  pool(config?: Omit<pg.PoolConfig, 'connectionString'>): pg.Pool;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** Creates an empty schema named after `label` (lowercase letters, digits, underscores). */
export async function createContactsTestDatabase(baseUrl: string, label: string): Promise<ContactsTestDatabase> {
  if (!/^[a-z0-9_]+$/.test(label)) throw new TypeError('label must match [a-z0-9_]+');
  const schema = `hg_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const connectionString = url.toString();
  return {
    schema,
    connectionString,
    pool: (config) => new pg.Pool({ ...config, connectionString }),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
