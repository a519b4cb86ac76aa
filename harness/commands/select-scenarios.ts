import { UsageError } from '../errors.js';
import { nearest } from '../cli/nearest.js';
import { parsePositiveInt } from '../cli/flags.js';
import type { LoadedScenario } from '../scenario/load-scenarios.js';
import type { RecordsSelection } from '../runner/plan.js';

/** Resolves scenario names (or `all`) against the loaded scenarios; unknown names are usage errors. */
export function selectScenarios(names: readonly string[], loaded: readonly LoadedScenario[]): LoadedScenario[] {
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
      throw new UsageError(`unknown scenario "${name}"${close.length ? '' : ` (scenarios: ${known.join(', ')})`}`, { suggestions: close });
    }
    return found;
  });
}

/** Parses `--records`: `sweep`, `default`, or a comma list of positive integers. */
export function parseRecords(value: string | undefined): RecordsSelection {
  if (value === undefined || value === 'default') return 'default';
  if (value === 'sweep') return 'sweep';
  const counts = value.split(',').map((part) => parsePositiveInt('records', part.trim()));
  return [...new Set(counts)];
}

/** Parses `--variant`: `all` or a comma list of names. */
export function parseVariants(value: string | undefined): readonly string[] | 'all' {
  if (value === undefined || value === 'all') return 'all';
  const names = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError('--variant needs a name, a comma list, or "all"');
  return names;
}
