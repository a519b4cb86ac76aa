/**
 * The `--against <ref>` revision, ready to measure: checked out with `git worktree add --detach`
 * into a temporary directory (removed afterwards, and on every way out), its dependencies and
 * its build taken from the user cache when an earlier invocation made them:
 *
 * - `<cache>/against/modules/<hash>/node_modules`, keyed by the SHA-256 of the revision's
 *   `package-lock.json`, the platform and Node's major version (native modules differ by
 *   them); filled by `npm ci`, linked into the worktree.
 * - `<cache>/against/builds/<tree>-<hash>/dist`, keyed by the revision's git tree and the
 *   modules' key (same sources, same compiler, same output); filled by `npm run build`, copied
 *   into the worktree (a link would make Node resolve the built modules' imports from the
 *   cache instead of the worktree).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onCleanup, trackTempDir } from '../services/cleanup.js';
import { UsageError } from '../errors.js';
import { AgainstError } from './against-error.js';
import { cachedEntry } from './cached-entry.js';
import { runStep } from './run-step.js';
import { heapgateCacheDir } from '../services/cache-dir.js';

/** The prepared base revision. */
export interface BaseTree {
  /** The ref as given (`HEAD`, `origin/main`, a sha). */
  readonly ref: string;
  /** The commit it resolved to (40 hex digits). */
  readonly commit: string;
  /** The worktree's root: the base revision's files, `node_modules` and `dist`. */
  readonly dir: string;
  /** Whether `node_modules` and `dist` came from the cache. */
  readonly cached: { readonly modules: boolean; readonly build: boolean };
  /** Removes the worktree and its temporary directory (idempotent). */
  remove(): Promise<void>;
}

/** Options of {@link prepareBaseTree}. */
export interface PrepareBaseTreeOptions {
  /** The head repository (any directory inside it). */
  readonly repoDir: string;
  /** @default heapgateCacheDir() */
  readonly cacheDir?: string;
  /** Progress lines. @default ignore them */
  readonly log?: (message: string) => void;
  /** The install command, as argv. @default ['npm', 'ci', '--no-audit', '--no-fund', '--prefer-offline'] */
  readonly installCommand?: readonly string[];
  /** The build command, as argv. @default ['npm', 'run', '--silent', 'build'] */
  readonly buildCommand?: readonly string[];
}

/**
 * Checks out, installs and builds `ref`.
 * @throws UsageError when `ref` names no commit of the repository at `repoDir`.
 * @throws AgainstError when the worktree, the install or the build fails (nothing is left behind).
 */
export async function prepareBaseTree(ref: string, options: PrepareBaseTreeOptions): Promise<BaseTree> {
  const log = options.log ?? (() => {});
  const git = (args: readonly string[], cwd = options.repoDir) => runStep('git', 'git', args, cwd).then((out) => out.trim());
  const repoRoot = await git(['rev-parse', '--show-toplevel']).catch((error: unknown) => {
    throw new UsageError(`--against needs a git repository: ${options.repoDir} is not inside one`, { cause: error });
  });
  const commit = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch((error: unknown) => {
    throw new UsageError(`--against: "${ref}" names no commit of ${repoRoot}`, { cause: error });
  });
  const tree = await git(['rev-parse', `${commit}^{tree}`]);
  // Worktrees whose directories an earlier, killed invocation's exit handler removed.
  await git(['worktree', 'prune']);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-against-'));
  const dir = path.join(temp, 'tree');
  const untrackDir = trackTempDir(temp);
  let removed: Promise<void> | undefined;
  const remove = (): Promise<void> => {
    removed ??= (async () => {
      // The link first: nothing below may ever reach into the shared cache.
      fs.rmSync(path.join(dir, 'node_modules'), { force: true });
      await git(['worktree', 'remove', '--force', dir]).catch(() => undefined);
      fs.rmSync(temp, { recursive: true, force: true });
      await git(['worktree', 'prune']).catch(() => undefined);
      untrackDir();
      untrackCleanup();
    })();
    return removed;
  };
  const untrackCleanup = onCleanup(remove);
  try {
    log(`against ${ref}: checking out ${commit.slice(0, 12)} into ${dir}`);
    await runStep('worktree', 'git', ['worktree', 'add', '--detach', dir, commit], repoRoot);
    const cacheRoot = path.join(options.cacheDir ?? heapgateCacheDir(), 'against');
    const modulesKey = modulesCacheKey(dir);
    const [install, ...installArgs] = options.installCommand ?? ['npm', 'ci', '--no-audit', '--no-fund', '--prefer-offline'];
    const modules = await cachedEntry(path.join(cacheRoot, 'modules'), modulesKey, async (staging) => {
      log(`against ${ref}: ${[install, ...installArgs].join(' ')} (cached afterwards by lockfile hash ${modulesKey.slice(0, 12)})`);
      await runStep('npm ci', install!, installArgs, dir);
      const installed = path.join(dir, 'node_modules');
      // A project without dependencies gets none: an empty directory stands in.
      if (fs.existsSync(installed)) fs.renameSync(installed, path.join(staging, 'node_modules'));
      else fs.mkdirSync(path.join(staging, 'node_modules'));
    });
    fs.symlinkSync(path.join(modules.dir, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
    const [build, ...buildArgs] = options.buildCommand ?? ['npm', 'run', '--silent', 'build'];
    const built = await cachedEntry(path.join(cacheRoot, 'builds'), `${tree}-${modulesKey.slice(0, 16)}`, async (staging) => {
      log(`against ${ref}: ${[build, ...buildArgs].join(' ')} (cached afterwards by tree ${tree.slice(0, 12)})`);
      await runStep('build', build!, buildArgs, dir);
      const dist = path.join(dir, 'dist');
      if (!fs.existsSync(dist)) throw new AgainstError('build', `${build} made no dist in ${dir}`);
      fs.cpSync(dist, path.join(staging, 'dist'), { recursive: true });
    });
    if (built.hit) fs.cpSync(path.join(built.dir, 'dist'), path.join(dir, 'dist'), { recursive: true });
    log(
      `against ${ref}: ready (${commit.slice(0, 12)}; modules ${modules.hit ? 'cached' : 'installed'}, build ${built.hit ? 'cached' : 'built'})`,
    );
    return { ref, commit, dir, cached: { modules: modules.hit, build: built.hit }, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/**
 * The modules' cache key: SHA-256 over the lockfile, the platform and Node's major version.
 * @throws AgainstError when the revision has no `package-lock.json` (`npm ci` needs one).
 */
export function modulesCacheKey(treeDir: string): string {
  const lockfile = path.join(treeDir, 'package-lock.json');
  if (!fs.existsSync(lockfile)) throw new AgainstError('npm ci', `the revision has no package-lock.json (${lockfile})`);
  const major = process.versions.node.split('.')[0];
  return createHash('sha256').update(fs.readFileSync(lockfile)).update(`\0${process.platform}-${process.arch}\0node${major}`).digest('hex');
}
