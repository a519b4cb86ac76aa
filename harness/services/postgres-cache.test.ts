/**
 * The embedded PostgreSQL's cached cluster, started for real: what one invocation writes the
 * next one finds; `fresh` discards it; a cluster cut off before its completion marker, or whose
 * stored credentials no longer work, is rebuilt; a second invocation while the first holds it
 * gets a temporary cluster; each start gets a password of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres } from './postgres-provider.js';
import { clusterKey } from './postgres-cluster-cache.js';

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-pgcache-test-'));
if (process.getuid?.() === 0) fs.chmodSync(cacheDir, 0o711);
const env = { HEAPGATE_CACHE_DIR: cacheDir, HEAPGATE_SERVICES: 'local', PATH: process.env.PATH };
const clusterDir = path.join(cacheDir, 'postgres', clusterKey());
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

async function start(cache: 'reuse' | 'fresh', lines: string[] = []) {
  return startPostgres({ env, cache, log: (m) => lines.push(m) });
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const hasMarkerTable = async (url: string) =>
  (await query<{ n: string }>(url, "SELECT count(*) AS n FROM pg_tables WHERE tablename = 'cache_probe'"))[0]!.n === '1';

describe('cached embedded PostgreSQL cluster', () => {
  it('keeps data between starts, with a new password each time', async () => {
    const first = await start('fresh');
    const firstUrl = first.endpoint.connectionString;
    await query(first.endpoint.connectionString, 'CREATE TABLE cache_probe (v int); INSERT INTO cache_probe VALUES (42)');
    await first.stop();
    expect(fs.existsSync(path.join(clusterDir, 'lock'))).toBe(false);

    const lines: string[] = [];
    const second = await start('reuse', lines);
    try {
      expect(lines.join('\n')).toMatch(/reusing the cached cluster/);
      expect(await query<{ v: number }>(second.endpoint.connectionString, 'SELECT v FROM cache_probe')).toEqual([{ v: 42 }]);
      expect(new URL(second.endpoint.connectionString).password).not.toBe(new URL(firstUrl).password);
      // The previous invocation's password opens nothing now.
      const stale = new URL(second.endpoint.connectionString);
      stale.password = new URL(firstUrl).password;
      await expect(query(stale.toString(), 'SELECT 1')).rejects.toThrow(/password authentication failed/);
      expect(fs.statSync(path.join(clusterDir, 'ready.json')).mode & 0o777).toBe(0o600);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('gives a second concurrent start a temporary cluster', async () => {
    const holder = await start('reuse');
    const lines: string[] = [];
    try {
      const other = await start('reuse', lines);
      try {
        expect(lines.join('\n')).toMatch(/not using the cached cluster \(the cached cluster is in use by pid \d+\)/);
        expect(await hasMarkerTable(other.endpoint.connectionString)).toBe(false);
        expect(await hasMarkerTable(holder.endpoint.connectionString)).toBe(true);
      } finally {
        await other.stop();
      }
    } finally {
      await holder.stop();
    }
  }, 120_000);

  it('rebuilds a cluster whose stored credentials no longer work', async () => {
    const ready = path.join(clusterDir, 'ready.json');
    const marker = JSON.parse(fs.readFileSync(ready, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(ready, JSON.stringify({ ...marker, password: 'wrong', previousPassword: 'also-wrong' }));
    const lines: string[] = [];
    const pg1 = await start('reuse', lines);
    try {
      expect(lines.join('\n')).toMatch(/the cached cluster did not start .*; rebuilding it/);
      expect(lines.join('\n')).toMatch(/created the cached cluster/);
      expect(await hasMarkerTable(pg1.endpoint.connectionString)).toBe(false);
      await query(pg1.endpoint.connectionString, 'CREATE TABLE cache_probe (v int)');
    } finally {
      await pg1.stop();
    }
  }, 120_000);

  it('rebuilds a cluster cut off before its completion marker, and --fresh discards one', async () => {
    fs.rmSync(path.join(clusterDir, 'ready.json'));
    const lines: string[] = [];
    const rebuilt = await start('reuse', lines);
    try {
      expect(lines.join('\n')).toMatch(/created the cached cluster/);
      expect(await hasMarkerTable(rebuilt.endpoint.connectionString)).toBe(false);
      await query(rebuilt.endpoint.connectionString, 'CREATE TABLE cache_probe (v int)');
    } finally {
      await rebuilt.stop();
    }
    const fresh = await start('fresh');
    try {
      expect(await hasMarkerTable(fresh.endpoint.connectionString)).toBe(false);
    } finally {
      await fresh.stop();
    }
  }, 180_000);
});
