/**
 * Finds and loads the project's config file (`project-config.ts`), validating every field so a
 * typo fails with the file and field named rather than being ignored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import { parseDuration } from '../cli/parse-duration.js';
import { importModule } from '../scenario/import-module.js';
import { CONFIG_FILE_NAMES, type HeapgateConfig } from './project-config.js';

/** A loaded config: its fields (paths resolved against its directory) and where it came from. */
export interface ProjectConfig {
  /** Absolute path of the file; undefined when the project has none. */
  readonly file?: string;
  /** The directory relative paths are resolved against: the file's, else the working directory. */
  readonly root: string;
  readonly scenarios?: readonly string[];
  readonly builtins?: boolean;
  readonly suite?: string;
  readonly suites?: Readonly<Record<string, { readonly repeat?: number; readonly baseline?: string }>>;
  readonly repeat?: number;
  readonly gateRepeat?: number;
  /** In milliseconds. */
  readonly timeout?: number;
  readonly nodeOptions?: readonly string[];
}

const KEYS = new Set(['scenarios', 'builtins', 'suite', 'suites', 'repeat', 'gateRepeat', 'timeout', 'nodeOptions']);

/** The config file of `dir` (the first of {@link CONFIG_FILE_NAMES} there), or undefined. */
export function findConfigFile(dir: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(dir, name);
    if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
  }
  return undefined;
}

/**
 * Loads the config of `dir` (the working directory by default); a project without one gets
 * `{ root: dir }`.
 * @throws UsageError naming the file and field for a config that does not load or is malformed.
 */
export async function loadProjectConfig(dir: string = process.cwd()): Promise<ProjectConfig> {
  const file = findConfigFile(dir);
  if (file === undefined) return { root: path.resolve(dir) };
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(pathToFileURL(file).href, file);
  } catch (err) {
    throw new UsageError(`${file}: could not be loaded: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
  return validateConfig(mod.default, file);
}

function validateConfig(value: unknown, file: string): ProjectConfig {
  const fail = (field: string, why: string): never => {
    throw new UsageError(`${file}: ${field}: ${why}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('default', 'export default an object (defineConfig({ … }))');
  const c = value as HeapgateConfig & Record<string, unknown>;
  for (const key of Object.keys(c)) if (!KEYS.has(key)) fail(key, `unknown field (fields: ${[...KEYS].join(', ')})`);
  const root = path.dirname(file);
  const strings = (field: string, v: unknown): string[] => {
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s === '')) fail(field, 'must be an array of non-empty strings');
    return v as string[];
  };
  const positive = (field: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) fail(field, `must be a positive integer, got ${JSON.stringify(v)}`);
    return v as number;
  };
  const suites: Record<string, { repeat?: number; baseline?: string }> = {};
  if (c.suites !== undefined) {
    if (typeof c.suites !== 'object' || c.suites === null || Array.isArray(c.suites))
      fail('suites', 'must be an object of suite name → { repeat?, baseline? }');
    for (const [name, s] of Object.entries(c.suites as Record<string, unknown>)) {
      if (typeof s !== 'object' || s === null) fail(`suites.${name}`, 'must be an object { repeat?, baseline? }');
      const entry = s as Record<string, unknown>;
      for (const key of Object.keys(entry))
        if (key !== 'repeat' && key !== 'baseline') fail(`suites.${name}.${key}`, 'unknown field (repeat, baseline)');
      if (entry.baseline !== undefined && (typeof entry.baseline !== 'string' || entry.baseline === ''))
        fail(`suites.${name}.baseline`, 'must be a file path');
      suites[name] = {
        ...(entry.repeat !== undefined ? { repeat: positive(`suites.${name}.repeat`, entry.repeat) } : {}),
        ...(entry.baseline !== undefined ? { baseline: path.resolve(root, entry.baseline as string) } : {}),
      };
    }
  }
  if (c.builtins !== undefined && typeof c.builtins !== 'boolean') fail('builtins', 'must be true or false');
  if (c.suite !== undefined && (typeof c.suite !== 'string' || c.suite === '')) fail('suite', 'must be a suite name');
  let timeout: number | undefined;
  if (typeof c.timeout === 'string') timeout = parseDuration(c.timeout, `${file}: timeout`);
  else if (c.timeout !== undefined) timeout = positive('timeout', c.timeout);
  const nodeOptions = c.nodeOptions === undefined ? undefined : strings('nodeOptions', c.nodeOptions);
  for (const [i, flag] of (nodeOptions ?? []).entries())
    if (!flag.startsWith('-')) fail(`nodeOptions[${i}]`, `must be a flag starting with -, got "${flag}"`);
  return {
    file,
    root,
    ...(c.scenarios !== undefined ? { scenarios: strings('scenarios', c.scenarios).map((p) => path.resolve(root, p)) } : {}),
    ...(c.builtins !== undefined ? { builtins: c.builtins } : {}),
    ...(c.suite !== undefined ? { suite: c.suite } : {}),
    ...(c.suites !== undefined ? { suites } : {}),
    ...(c.repeat !== undefined ? { repeat: positive('repeat', c.repeat) } : {}),
    ...(c.gateRepeat !== undefined ? { gateRepeat: positive('gateRepeat', c.gateRepeat) } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...(nodeOptions !== undefined ? { nodeOptions } : {}),
  };
}
