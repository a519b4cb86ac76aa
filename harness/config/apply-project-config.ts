/**
 * Where a command's scenarios come from and what a project's config changes about its options:
 * the command line first, then `heapgate.config.*`, then heapgate's defaults.
 *
 * Scenarios: `--scenarios`, else the config's `scenarios`, else `./heapgate` when it exists. The
 * built-in reference scenarios load with `--builtins`, the config's `builtins: true`, or when
 * heapgate runs in its own repository (its README commands); in someone else's project they are
 * not theirs to list or gate.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CommandName, OptionName, OptionsOf } from '../cli/cli-options.js';
import { BUILTIN_SCENARIO_DIR } from '../scenario/load-scenarios.js';
import { DEFAULTS } from './defaults.js';
import { loadProjectConfig, type ProjectConfig } from './load-project-config.js';

/** The package's root directory (where its package.json is), two levels above `dist/scenarios`. */
export const PACKAGE_ROOT = path.resolve(BUILTIN_SCENARIO_DIR, '../..');

/** True when `dir` is heapgate's own checkout (or installed package directory). */
export function isHeapgateRepository(dir: string): boolean {
  return path.resolve(dir) === PACKAGE_ROOT;
}

/** Options that come from a config; each is optional so every command's options fit. */
interface Configurable {
  readonly scenarios?: readonly string[];
  readonly builtins?: boolean;
  readonly repeat?: number;
  readonly timeout?: number | undefined;
  readonly nodeOption?: readonly string[];
  readonly suite?: string;
  readonly baseline?: string | undefined;
}

/**
 * `options` (resolved by the parser, `given` naming those the command line set) with the
 * project's config applied, and the scenario paths made absolute.
 * @throws UsageError for a config file that does not load or is malformed
 */
export async function applyProjectConfig<C extends CommandName>(
  command: C,
  options: OptionsOf<C>,
  given: ReadonlySet<OptionName | string>,
  cwd: string = process.cwd(),
): Promise<OptionsOf<C>> {
  const config = await loadProjectConfig(cwd);
  const o = options as OptionsOf<C> & Configurable;
  const has = (name: keyof Configurable) => name in o;
  const out: Record<string, unknown> = { ...o };
  if (has('scenarios')) out.scenarios = given.has('scenarios') ? o.scenarios!.map((p) => path.resolve(cwd, p)) : defaultScenarios(config);
  if (has('builtins') && !given.has('builtins')) out.builtins = config.builtins ?? isHeapgateRepository(cwd);
  if (has('suite') && !given.has('suite') && config.suite !== undefined) out.suite = config.suite;
  const suite = (out.suite as string | undefined) ?? DEFAULTS.suite;
  if (has('repeat') && !given.has('repeat')) {
    const repeat =
      command === 'gate' ? (config.suites?.[suite]?.repeat ?? config.gateRepeat) : command === 'run' ? config.repeat : undefined;
    if (repeat !== undefined) out.repeat = repeat;
  }
  if (has('baseline') && !given.has('baseline') && config.suites?.[suite]?.baseline !== undefined)
    out.baseline = config.suites[suite]!.baseline;
  if (has('timeout') && !given.has('timeout') && config.timeout !== undefined) out.timeout = config.timeout;
  if (has('nodeOption')) out.nodeOption = [...(config.nodeOptions ?? []), ...(o.nodeOption ?? [])];
  return Object.freeze(out) as OptionsOf<C>;
}

/** The config's scenario paths, else `<root>/heapgate` when that directory exists, else none. */
function defaultScenarios(config: ProjectConfig): string[] {
  if (config.scenarios !== undefined) return [...config.scenarios];
  const dir = path.join(config.root, DEFAULTS.scenarioDir);
  return fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? [dir] : [];
}

/** The built-in directory to load from for `options`, or null: what `loadScenarios` takes. */
export function builtinDirFor(options: { readonly builtins: boolean }): string | null {
  return options.builtins ? BUILTIN_SCENARIO_DIR : null;
}

/**
 * Where scenarios were looked for, for an unknown-scenario error: the paths, the built-in
 * scenarios when loaded, and what to do otherwise.
 */
export function describeScenarioSources(
  options: { readonly scenarios: readonly string[]; readonly builtins: boolean },
  cwd = process.cwd(),
): string {
  const places = [
    ...options.scenarios.map((p) => path.relative(cwd, p) || '.'),
    ...(options.builtins ? ["heapgate's built-in scenarios"] : []),
  ];
  const looked =
    places.length > 0
      ? `looked in ${places.join(', ')}`
      : `found no scenario directory (no --scenarios, no scenarios in a heapgate.config file, no ./${DEFAULTS.scenarioDir})`;
  const hints = [
    'point --scenarios at a file or directory',
    ...(options.builtins ? [] : ["--builtins adds heapgate's reference scenarios"]),
  ];
  return `${looked}; ${hints.join(', ')}`;
}
