import { describe, expect, it } from 'vitest';
import { ScenarioDefinitionError } from '../errors.js';
import { defineScenario } from './define-scenario.js';

const base = {
  name: 'dataset-version-check',
  summary: 'x',
  source: 'tests',
  defaultRecords: 1,
  services: ['postgres'] as const,
  variants: { v: { summary: 'v', run: () => ({}) } },
};

describe('defineScenario: datasetVersion', () => {
  it('accepts a non-empty string or a non-negative integer', () => {
    expect(defineScenario({ ...base, datasetVersion: 3 }).datasetVersion).toBe(3);
    expect(defineScenario({ ...base, datasetVersion: '2024-a' }).datasetVersion).toBe('2024-a');
  });

  it.each([[''], [-1], [1.5], [{}]])('rejects %j', (datasetVersion) => {
    expect(() => defineScenario({ ...base, datasetVersion: datasetVersion as string })).toThrow(ScenarioDefinitionError);
    expect(() => defineScenario({ ...base, datasetVersion: datasetVersion as string })).toThrow(/datasetVersion/);
  });

  it('needs the postgres service, where the record is kept', () => {
    expect(() => defineScenario({ ...base, services: ['redis'], datasetVersion: 1 })).toThrow(/datasetVersion.*postgres/);
  });
});
