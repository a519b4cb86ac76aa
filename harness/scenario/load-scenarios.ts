/**
 * Finds scenario modules: the built-in ones in `scenarios/` and any a user points at with
 * `--scenarios <dir or file>`. A module's default export is one scenario or an array of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ScenarioDefinitionError, UsageError } from '../errors.js';
import { validateScenario, withScenarioDefaults } from './define-scenario.js';
import { validateBudgets } from '../budgets/validate-budgets.js';
import type { ScenarioDefinition } from './types.js';

/** A scenario and the module file it came from (the child imports the same file). */
export interface LoadedScenario {
  readonly definition: ScenarioDefinition;
  /** Absolute path of the module. */
  readonly file: string;
  readonly origin: 'builtin' | 'user';
}

/** Directory of the compiled built-in scenarios (`dist/scenarios`). */
export const BUILTIN_SCENARIO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scenarios');

const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs'];

function isScenarioModule(name: string): boolean {
  return MODULE_EXTENSIONS.some((e) => name.endsWith(e)) && !/\.(test|bench|d)\.[cm]?js$/.test(name);
}

function listModules(target: string, origin: 'builtin' | 'user' = 'user'): string[] {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`--scenarios: ${target} does not exist`);
  if (stat.isFile()) {
    if (/\.[cm]?tsx?$/.test(target)) {
      throw new UsageError(`--scenarios: ${target} is TypeScript; compile it to .js first (tsc), or run heapgate with node --import tsx`);
    }
    return [path.resolve(target)];
  }
  // Only the top level: subfolders hold helpers (scenarios/support/), not scenarios.
  const names = fs.readdirSync(target);
  const modules = names.filter(isScenarioModule).sort();
  if (modules.length === 0 && origin === 'user') {
    const ts = names.some((n) => /\.[cm]?tsx?$/.test(n) && !/\.d\.[cm]?ts$/.test(n));
    throw new UsageError(
      `--scenarios: ${target} holds no scenario modules (${MODULE_EXTENSIONS.join(', ')}, top level only)` +
        (ts ? '; its TypeScript files need compiling first (tsc), or run heapgate with node --import tsx' : ''),
    );
  }
  return modules.map((f) => path.resolve(target, f));
}

function scenariosOf(mod: Record<string, unknown>, file: string): ScenarioDefinition[] {
  const exported = mod.default;
  if (exported === undefined) throw new ScenarioDefinitionError('default', 'the module has no default export', { file });
  // Plain objects (not passed through defineScenario) get the same defaults.
  const list = (Array.isArray(exported) ? exported : [exported]).map(withScenarioDefaults);
  list.forEach((s) => {
    validateScenario(s, file);
    // Malformed budgets are usage errors at load time, naming the file and field.
    validateBudgets(s, file);
  });
  return list as ScenarioDefinition[];
}

/**
 * Imports a scenario module. `defineScenario` throws while the module evaluates, before the
 * loader knows the file: its error is re-thrown naming the file. Any other failure to load
 * (syntax error, missing import, a throw at top level) becomes a usage error naming the file.
 */
async function importScenarioModule(file: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof ScenarioDefinitionError) throw err.inFile(file);
    throw new ScenarioDefinitionError('module', `could not be loaded: ${(err as Error)?.message ?? String(err)}`, { file, cause: err });
  }
}

/** Imports a module and returns the scenario called `name` (used by the measured child). */
export async function findScenarioInModule(file: string, name: string): Promise<ScenarioDefinition> {
  const mod = await importScenarioModule(file);
  const found = scenariosOf(mod, file).find((s) => s.name === name);
  if (!found) throw new ScenarioDefinitionError('name', `no scenario named ${name}`, { file });
  return found;
}

/**
 * Loads the built-in scenarios plus those under `userPaths`. Names must be unique; a user
 * scenario may not shadow a built-in one silently.
 */
export async function loadScenarios(userPaths: readonly string[] = [], builtinDir = BUILTIN_SCENARIO_DIR): Promise<LoadedScenario[]> {
  const sources: { file: string; origin: LoadedScenario['origin'] }[] = [
    ...(fs.existsSync(builtinDir) ? listModules(builtinDir, 'builtin').map((file) => ({ file, origin: 'builtin' as const })) : []),
    ...userPaths.flatMap((p) => listModules(p).map((file) => ({ file, origin: 'user' as const }))),
  ];
  const loaded: LoadedScenario[] = [];
  const byName = new Map<string, LoadedScenario>();
  for (const { file, origin } of sources) {
    const mod = await importScenarioModule(file);
    for (const definition of scenariosOf(mod, file)) {
      const clash = byName.get(definition.name);
      if (clash) {
        throw new UsageError(`scenario name "${definition.name}" is defined twice: ${clash.file} and ${file}`);
      }
      const entry = { definition, file, origin };
      byName.set(definition.name, entry);
      loaded.push(entry);
    }
  }
  return loaded;
}
