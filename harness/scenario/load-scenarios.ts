/**
 * Finds scenario modules: the built-in ones in `scenarios/` and any a user points at with
 * `--scenarios <dir or file>`. In a directory, a scenario is a module at its top level or a
 * folder with an index module (`orders/index.mjs`, its helpers beside it). A module's default
 * export is one scenario or an array of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BudgetDefinitionError } from '../budgets/budget-definition-error.js';
import { definitionLocation, ScenarioDefinitionError, UsageError } from '../errors.js';
import { validateScenario, withScenarioDefaults } from './define-scenario.js';
import { errorLocation, formatLocation } from './error-location.js';
import { importModule } from './import-module.js';
import type { ScenarioDefinition } from './types.js';

/** A scenario and the module file it came from (the child imports the same file). */
export interface LoadedScenario {
  readonly definition: ScenarioDefinition;
  /** Absolute path of the module (of a folder scenario: its index module). */
  readonly file: string;
  readonly origin: 'builtin' | 'user';
}

/** Directory of the compiled built-in scenarios (`dist/scenarios`). */
export const BUILTIN_SCENARIO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scenarios');

const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
/** The entry module of a scenario folder: `index` with one of the module extensions. */
const INDEX_MODULES = MODULE_EXTENSIONS.map((e) => `index${e}`);

/** A module at a directory's top level that is a scenario: not a test, benchmark or declaration file. */
function isScenarioModule(name: string): boolean {
  return MODULE_EXTENSIONS.some((e) => name.endsWith(e)) && !/\.(test|spec|bench|d)\.[cm]?[jt]s$/.test(name);
}

/**
 * The index module of folder `dir`, or undefined when it has none (then it holds helpers or
 * shared modules, e.g. `scenarios/datasets/`). Two index modules would make the scenario's
 * file ambiguous (which one does the measured child import?), so that is a usage error.
 */
function folderIndex(dir: string): string | undefined {
  const found = INDEX_MODULES.filter((name) => fs.statSync(path.join(dir, name), { throwIfNoEntry: false })?.isFile());
  if (found.length > 1) throw new UsageError(`${dir}: a scenario folder has one index module, found ${found.join(', ')}`);
  return found.length === 1 ? path.resolve(dir, found[0]!) : undefined;
}

function listModules(target: string, origin: 'builtin' | 'user' = 'user'): string[] {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`--scenarios: ${target} does not exist`);
  if (stat.isFile()) return [path.resolve(target)];
  // One level only: files deeper down, and folders without an index module, are a scenario's
  // own modules or modules several scenarios share, never scenarios of their own.
  const modules: string[] = [];
  for (const name of fs.readdirSync(target).sort()) {
    const entry = path.join(target, name);
    // statSync follows symbolic links: a linked folder is a folder.
    if (fs.statSync(entry, { throwIfNoEntry: false })?.isDirectory()) {
      const index = folderIndex(entry);
      if (index) modules.push(index);
    } else if (isScenarioModule(name)) {
      modules.push(path.resolve(entry));
    }
  }
  if (modules.length === 0 && origin === 'user') {
    throw new UsageError(
      `--scenarios: ${target} holds no scenario modules (${MODULE_EXTENSIONS.join(', ')} at its top level, or folders with an ` +
        `index${MODULE_EXTENSIONS.join('/')})`,
    );
  }
  return modules;
}

function scenariosOf(mod: Record<string, unknown>, file: string): ScenarioDefinition[] {
  const exported = mod.default;
  if (exported === undefined) throw new ScenarioDefinitionError('default', 'the module has no default export', { file });
  // Plain objects (not passed through defineScenario) get the same defaults.
  const list = (Array.isArray(exported) ? exported : [exported]).map(withScenarioDefaults);
  // Malformed budgets included: usage errors at load time, naming the file and field.
  for (const s of list) validateScenario(s, file);
  return list as ScenarioDefinition[];
}

/**
 * `err`, thrown by `defineScenario` while a module evaluated, naming `file` as the same budget
 * in a plain object would. (The error keeps its message only with the prefix: it is cut off.)
 */
function budgetErrorInFile(err: BudgetDefinitionError, file: string): BudgetDefinitionError {
  if (err.file !== undefined) return err;
  const detail = err.message.slice(`${definitionLocation({ scenario: err.scenario })}${err.field}: `.length);
  return new BudgetDefinitionError(err.field, detail, { file, scenario: err.scenario, cause: err.cause });
}

/**
 * Imports a scenario module. `defineScenario` throws while the module evaluates, before the
 * loader knows the file: its error (scenario or budget) is re-thrown naming the file. Any
 * other failure to load (syntax error, missing import, a throw at top level) becomes a
 * scenario error naming the file, the error's class and where it points: `file:line:column` of
 * a syntax error (in this module or one it imports), else the first stack frame in a file.
 */
async function importScenarioModule(file: string): Promise<Record<string, unknown>> {
  try {
    return await importModule(pathToFileURL(file).href, file);
  } catch (err) {
    if (err instanceof ScenarioDefinitionError) throw err.inFile(file);
    if (err instanceof BudgetDefinitionError) throw budgetErrorInFile(err, file);
    // The TypeScript loader is missing (import-module.ts): already names the file and the package.
    if (err instanceof UsageError) throw err;
    throw new ScenarioDefinitionError('module', `could not be loaded: ${describeLoadError(err, file)}`, { file, cause: err });
  }
}

/** `SyntaxError: Unexpected token ';' at /abs/helper.mjs:5:28`; a non-Error as what it is. */
function describeLoadError(err: unknown, file: string): string {
  const e = err as { name?: unknown; message?: unknown } | null;
  if (typeof e?.message !== 'string') return `a ${err === null ? 'null' : typeof err} was thrown, not an Error: ${String(err)}`;
  const where = errorLocation(err, file);
  const text = typeof e.name === 'string' && e.name !== '' ? `${e.name}: ${e.message}` : e.message;
  return where && !e.message.includes(formatLocation(where)) ? `${text} at ${formatLocation(where)}` : text;
}

/** Imports a module and returns the scenario called `name` (used by the measured child). */
export async function findScenarioInModule(file: string, name: string): Promise<ScenarioDefinition> {
  const mod = await importScenarioModule(file);
  const found = scenariosOf(mod, file).find((s) => s.name === name);
  if (!found) throw new ScenarioDefinitionError('name', `no scenario named ${name}`, { file });
  return found;
}

/**
 * Loads the built-in scenarios (from `builtinDir`; none when null) plus those under
 * `userPaths`. Names must be unique; a user scenario may not shadow a built-in one silently.
 */
export async function loadScenarios(
  userPaths: readonly string[] = [],
  builtinDir: string | null = BUILTIN_SCENARIO_DIR,
): Promise<LoadedScenario[]> {
  const sources: { file: string; origin: LoadedScenario['origin'] }[] = [
    ...(builtinDir !== null && fs.existsSync(builtinDir)
      ? listModules(builtinDir, 'builtin').map((file) => ({ file, origin: 'builtin' as const }))
      : []),
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
