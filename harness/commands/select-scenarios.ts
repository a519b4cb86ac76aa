import { UsageError } from '../errors.js';
import { nearest } from '../cli/nearest.js';
import type { LoadedScenario } from '../scenario/load-scenarios.js';

/**
 * Resolves scenario names (or `all`) against the loaded scenarios; unknown names are usage errors.
 * No name means all of them when only a project's own scenarios are loaded.
 * @param sources Where the scenarios were looked for (`describeScenarioSources`), said when a name is unknown or nothing loaded.
 */
export function selectScenarios(names: readonly string[], loaded: readonly LoadedScenario[], sources?: string): LoadedScenario[] {
  const where = sources ? ` (${sources})` : '';
  if (loaded.length === 0) throw new UsageError(`no scenarios to run${where}`);
  // Without a name, a project's own scenarios all run (`npx heapgate run` after `heapgate init`);
  // with heapgate's reference scenarios loaded too (this repository, --builtins), name one.
  if (names.length === 0 && loaded.every((s) => s.origin === 'user')) return [...loaded];
  if (names.length === 0) {
    throw new UsageError('name a scenario to run, or "all"', { suggestions: loaded.map((s) => s.definition.name) });
  }
  if (names.includes('all')) return [...loaded];
  const known = loaded.map((s) => s.definition.name);
  // A name given twice is one scenario, not a second set of repeats.
  return [...new Set(names)].map((name) => {
    const found = loaded.find((s) => s.definition.name === name);
    if (!found) {
      const close = nearest(name, known);
      // With nothing close, list what exists rather than guessing.
      throw new UsageError(
        `unknown scenario "${name}"${close.length ? '' : ` (scenarios: ${known.join(', ')})`}${sources ? `; ${sources}` : ''}`,
        {
          suggestions: close,
        },
      );
    }
    return found;
  });
}
