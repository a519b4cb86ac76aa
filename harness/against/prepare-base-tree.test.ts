/** prepareBaseTree against a real git repository and real npm: worktree, cache hits, removal. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { AgainstError } from './against-error.js';
import { prepareBaseTree } from './prepare-base-tree.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-against-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const repo = path.join(tmp, 'repo');
const cacheDir = path.join(tmp, 'cache');
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

function commitProject(version: string): string {
  const pkg = {
    name: 'against-fixture',
    version: '1.0.0',
    private: true,
    scripts: {
      build: `node -e "require('fs').mkdirSync('dist',{recursive:true});require('fs').writeFileSync('dist/v.js','export default ${version};')"`,
    },
  };
  fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify(pkg));
  fs.writeFileSync(
    path.join(repo, 'package-lock.json'),
    JSON.stringify({
      name: pkg.name,
      version: pkg.version,
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name: pkg.name, version: pkg.version } },
    }),
  );
  fs.writeFileSync(path.join(repo, 'source.txt'), version);
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', `v${version}`);
  return git('rev-parse', 'HEAD');
}

fs.mkdirSync(repo);
git('init', '-q');
const first = commitProject('1');
commitProject('2');

describe('prepareBaseTree', () => {
  it('checks the ref out into a temporary worktree, installs and builds it, and removes it after', async () => {
    const base = await prepareBaseTree('HEAD~1', { repoDir: repo, cacheDir });
    try {
      expect(base.commit).toBe(first);
      expect(base.cached).toEqual({ modules: false, build: false });
      expect(fs.readFileSync(path.join(base.dir, 'source.txt'), 'utf8')).toBe('1');
      expect(fs.readFileSync(path.join(base.dir, 'dist/v.js'), 'utf8')).toBe('export default 1;');
      expect(fs.lstatSync(path.join(base.dir, 'node_modules')).isSymbolicLink()).toBe(true);
      expect(git('worktree', 'list')).toContain(base.dir);
    } finally {
      await base.remove();
    }
    expect(fs.existsSync(path.dirname(base.dir))).toBe(false);
    expect(git('worktree', 'list')).not.toContain(base.dir);
    // The shared cache outlives the worktree.
    expect(fs.readdirSync(path.join(cacheDir, 'against/modules'))).toHaveLength(1);
  });

  it('takes modules and build from the cache the second time', async () => {
    const base = await prepareBaseTree(first, { repoDir: repo, cacheDir });
    try {
      expect(base.cached).toEqual({ modules: true, build: true });
      expect(fs.readFileSync(path.join(base.dir, 'dist/v.js'), 'utf8')).toBe('export default 1;');
    } finally {
      await base.remove();
    }
    // Another commit, the same lockfile: modules from the cache, a build of its own.
    const head = await prepareBaseTree('HEAD', { repoDir: repo, cacheDir });
    await head.remove();
    expect(head.cached).toEqual({ modules: true, build: false });
  });

  it('is a usage error for a ref that names no commit', async () => {
    await expect(prepareBaseTree('no-such-ref', { repoDir: repo, cacheDir })).rejects.toBeInstanceOf(UsageError);
  });

  it('fails with AgainstError when the build fails, leaving no worktree', async () => {
    const before = git('worktree', 'list');
    const error = await prepareBaseTree('HEAD', {
      repoDir: repo,
      cacheDir: path.join(tmp, 'cache2'),
      buildCommand: ['node', '-e', 'process.exit(3)'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgainstError);
    expect((error as AgainstError).step).toBe('build');
    expect(git('worktree', 'list')).toBe(before);
  });
});
