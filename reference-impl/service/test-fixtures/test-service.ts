/**
 * The reference service for route tests: listening on a random 127.0.0.1 port over real HTTP,
 * on a pool into a private schema of the test PostgreSQL seeded with the contacts fixture.
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { createReferenceService, type ReferenceServiceOptions } from '../create-reference-service.js';
import { type ContactsFixture, seedContactsFixture } from '../../test-fixtures/contacts-fixture.js';
import { createTestSchema, type TestSchema } from '../../test-fixtures/test-schema.js';

/** A private schema holding the contacts fixture, and a pool on it. */
export interface TestContactsDatabase {
  readonly db: TestSchema;
  readonly pool: pg.Pool;
  readonly fixture: ContactsFixture;
  /** Ends the pool and drops the schema. */
  drop(): Promise<void>;
}

/** Seeds the contacts fixture (`records` contacts, plus the second user's) in a fresh schema. */
export async function createTestContactsDatabase(label: string, records: number): Promise<TestContactsDatabase> {
  const db = await createTestSchema(label);
  const pool = db.pool({ max: 4, connectionTimeoutMillis: 10_000 });
  const client = await pool.connect();
  let fixture: ContactsFixture;
  try {
    fixture = await seedContactsFixture(client, { records });
  } finally {
    client.release();
  }
  return {
    db,
    pool,
    fixture,
    drop: async () => {
      await pool.end();
      await db.drop();
    },
  };
}

/** One HTTP answer, body parsed as JSON when it is JSON. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body (`undefined` when it is not JSON). */
  readonly json: unknown;
}

/** A listening service. */
export interface TestService {
  readonly app: FastifyInstance;
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** GETs `path` (e.g. `/healthz`) over HTTP. */
  get(path: string): Promise<TestResponse>;
  /** Closes the service (not the pool). */
  close(): Promise<void>;
}

/** Builds the service with `options` and listens on a random loopback port. */
export async function startTestService(options: ReferenceServiceOptions): Promise<TestService> {
  const app = await createReferenceService(options);
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    baseUrl,
    get: async (path) => {
      const response = await fetch(`${baseUrl}${path}`);
      const text = await response.text();
      const json = (response.headers.get('content-type') ?? '').startsWith('application/json') ? JSON.parse(text) : undefined;
      return { status: response.status, headers: response.headers, text, json };
    },
    close: () => app.close(),
  };
}
