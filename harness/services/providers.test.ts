/**
 * The public `heapgate/providers` entry, imported by name as users import it: the three
 * providers' start functions, and only them.
 */
import * as providers from 'heapgate/providers';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

describe('heapgate/providers', () => {
  it('exports the start function of every service', () => {
    expect(Object.keys(providers).sort()).toEqual(['startPostgres', 'startRedis', 'startS3']);
  });

  it('connects to a server named by the URL variable and stops nothing there', async () => {
    const url = process.env.HEAPGATE_TEST_PG_URL;
    if (!url) throw new Error('HEAPGATE_TEST_PG_URL is not set: run through vitest (global setup starts PostgreSQL)');
    const handle = await providers.startPostgres({ env: { PG_URL: url } });
    expect(handle.provider).toBe('url');
    expect(handle.endpoint.connectionString).toBe(url);
    expect(handle.version).toMatch(/^\d+/);
    await handle.stop();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
    await client.end();
    expect(rows).toEqual([{ one: 1 }]);
  });
});
