/** Which scenarios `heapgate run` measures for the names it was given. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import type { LoadedScenario } from '../scenario/load-scenarios.js';
import type { ScenarioDefinition } from '../scenario/types.js';
import { selectScenarios } from './select-scenarios.js';

const scenario = (name: string, origin: LoadedScenario['origin']): LoadedScenario => ({
  definition: { name } as ScenarioDefinition,
  file: `/project/heapgate/${name}.mjs`,
  origin,
});

describe('selectScenarios', () => {
  it("runs all of a project's own scenarios when none is named", () => {
    const loaded = [scenario('orders', 'user'), scenario('export', 'user')];
    expect(selectScenarios([], loaded).map((s) => s.definition.name)).toEqual(['orders', 'export']);
  });

  it('asks for a name when the reference scenarios are loaded too', () => {
    const loaded = [scenario('orders', 'user'), scenario('suggestions', 'builtin')];
    expect(() => selectScenarios([], loaded)).toThrow(UsageError);
    expect(() => selectScenarios([], loaded)).toThrow(/name a scenario to run, or "all"/);
  });

  it('takes named ones, once each, and suggests a close name for a typo', () => {
    const loaded = [scenario('orders', 'user'), scenario('export', 'user')];
    expect(selectScenarios(['export', 'export'], loaded).map((s) => s.definition.name)).toEqual(['export']);
    expect(() => selectScenarios(['ordres'], loaded)).toThrow(/unknown scenario "ordres"/);
  });
});
