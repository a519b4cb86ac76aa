/**
 * Optional packages: where none is installed (the built module copied to a directory with no
 * node_modules above it), loading one fails with the package to add; where it is, it loads.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertOptionalInstalled, importOptional, requireOptional } from './optional-dependency.js';

const DIST = path.resolve(import.meta.dirname, '../../dist/harness');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-optional-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Runs `code` in a plain Node process beside a copy of the built module, in a tree where no
 * package resolves (vitest's own resolver would find the project's node_modules).
 */
function inIsolation(code: string): { readonly status: number | null; readonly stdout: string; readonly stderr: string } {
  fs.mkdirSync(path.join(dir, 'services'), { recursive: true });
  for (const file of ['errors.js', 'services/optional-dependency.js']) {
    const js = fs.readFileSync(path.join(DIST, file), 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
    fs.writeFileSync(path.join(dir, file), js);
  }
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('optional dependencies', () => {
  it('load when installed', async () => {
    const pg = await importOptional<{ default: { Client: unknown } }>('pg');
    expect(typeof pg.default.Client).toBe('function');
    expect(typeof requireOptional<{ S3Client: unknown }>('@aws-sdk/client-s3').S3Client).toBe('function');
    expect(() => assertOptionalInstalled('@clinic/doctor')).not.toThrow();
  });

  it('name the package to install when it is missing, async and sync', () => {
    const res = inIsolation(`
      import { assertOptionalInstalled, importOptional, requireOptional } from './services/optional-dependency.js';
      const pick = (e) => ({ name: e.name, code: e.code, packageName: e.packageName, message: e.message });
      const missing = await importOptional('pg').then(() => null, pick);
      let sync = null;
      try { requireOptional('s3rver'); } catch (e) { sync = pick(e); }
      let clinic = null;
      try { assertOptionalInstalled('@clinic/flame'); } catch (e) { clinic = pick(e); }
      console.log(JSON.stringify({ missing, sync, clinic }));
    `);
    expect(res.stderr).toBe('');
    const { missing, sync, clinic } = JSON.parse(res.stdout) as Record<'missing' | 'sync' | 'clinic', Record<string, string>>;
    expect(missing).toMatchObject({ name: 'MissingDependencyError', code: 'HEAPGATE_MISSING_DEPENDENCY', packageName: 'pg' });
    expect(missing!.message).toContain('npm install --save-dev pg');
    // A package used with others names them all, so one install fixes it.
    expect(sync).toMatchObject({ name: 'MissingDependencyError', packageName: 's3rver' });
    expect(sync!.message).toContain('npm install --save-dev @aws-sdk/client-s3 s3rver');
    // heapgate profile --with flame checks before it starts anything (exit 2, as any HeapgateError).
    expect(clinic).toMatchObject({ name: 'MissingDependencyError', packageName: '@clinic/flame' });
    expect(clinic!.message).toContain('heapgate profile --with flame');
  });
});
