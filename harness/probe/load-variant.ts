/**
 * The measured child's way to its variant: import the scenario module and take the scenario
 * by name, without the loader's validation (`scenario/load-scenarios.ts`). The parent loaded
 * and validated the same file moments before, and the loader's modules (validation, budgets,
 * error locations) are a third of what the child would otherwise import before it can measure
 * (`bench/run-overhead.bench.ts`). Anything unexpected (a module that no longer loads, no
 * such scenario) takes the loader's path, so the error the run reports is the loader's.
 */
import { pathToFileURL } from 'node:url';
import { importModule, isTypeScriptFile } from '../scenario/import-module.js';
import type { ScenarioDefinition } from '../scenario/types.js';

/** The scenario called `name` in module `file` (an absolute path). */
export async function loadScenarioForRun(file: string, name: string): Promise<ScenarioDefinition> {
  try {
    // A `.ts` module goes through the TypeScript loader at once: a plain import() that failed on
    // it would stay failed in Node's module cache after the loader registers.
    const url = pathToFileURL(file).href;
    const mod = isTypeScriptFile(file) ? await importModule(url, file) : ((await import(url)) as { default?: unknown });
    const exported = mod.default;
    const found = (Array.isArray(exported) ? exported : [exported]).find(
      (s): s is ScenarioDefinition => typeof s === 'object' && s !== null && (s as { name?: unknown }).name === name,
    );
    if (found && typeof found.variants === 'object' && found.variants !== null) return found;
  } catch {
    // The loader below imports it again and describes the failure the way `run` reports it.
  }
  const { findScenarioInModule } = await import('../scenario/load-scenarios.js');
  return findScenarioInModule(file, name);
}
