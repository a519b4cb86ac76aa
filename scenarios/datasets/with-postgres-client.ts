/**
 * One short-lived PostgreSQL connection for the built-in scenarios' seeders that only create
 * their tables (the sync and upsert scenarios, whose source is an API fixture): connect to the
 * session's `postgres` endpoint, run `fn`, always disconnect.
 */
import pg from 'pg';
import type { ServiceEndpoints } from 'heapgate/services';

/**
 * Runs `fn` with a connected `pg.Client` on `services.postgres`, and ends the client however
 * `fn` ends.
 * @param who Named in the error when the scenario did not ask for `services: ['postgres']`.
 * @throws Error when `services.postgres` is missing.
 */
export async function withPostgresClient<T>(services: ServiceEndpoints, who: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const postgres = services.postgres;
  if (!postgres) throw new Error(`${who}: needs the postgres service`);
  const client = new pg.Client({ connectionString: postgres.connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
