/**
 * The shipped JSON Schemas (`schemas/`): they accept what heapgate writes and what it reads
 * (the committed baseline, every scenario's budgets, a full results document), refuse what
 * heapgate refuses, and are shipped in the package. Documents the CLI writes in other tests are
 * validated by `runCli` (harness/testing/run-cli.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildResultsFixture } from '../reporters/test-fixtures/results-fixture.js';
import { loadScenarios } from '../scenario/load-scenarios.js';
import { METRIC_NAMES } from '../scenario/types.js';
import { REPO_ROOT } from './run-cli.js';
import { loadSchema, SCHEMA_FILES, schemaProblems, strictSchema } from './validate-schemas.js';

const json = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
/** A JSON round trip: what a file holds (NaN becomes null, undefined fields vanish). */
const asWritten = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('shipped JSON Schemas', () => {
  it('are shipped: in package.json files and exports as heapgate/schemas/<name>.schema.json', () => {
    const pkg = json('package.json') as { files: string[]; exports: Record<string, unknown> };
    expect(pkg.files).toContain('schemas');
    expect(pkg.exports['./schemas/*']).toBe('./schemas/*');
    for (const file of Object.values(SCHEMA_FILES)) expect(fs.existsSync(path.join(REPO_ROOT, file)), file).toBe(true);
  });

  it('declare every metric the harness measures, in results and baselines', () => {
    const results = loadSchema('results') as { $defs: { metrics: { properties: object } } };
    const baseline = loadSchema('baseline') as {
      $defs: { metrics: { properties: object } };
      properties: { tolerances: { properties: object } };
    };
    expect(Object.keys(results.$defs.metrics.properties)).toEqual([...METRIC_NAMES]);
    expect(Object.keys(baseline.$defs.metrics.properties)).toEqual([...METRIC_NAMES]);
    expect(Object.keys(baseline.properties.tolerances.properties)).toEqual([...METRIC_NAMES]);
  });

  it('accept the committed baselines', () => {
    const dir = path.join(REPO_ROOT, 'reports/baselines');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(schemaProblems('baseline', json(`reports/baselines/${f}`)), f).toEqual([]);
  });

  it("accept every built-in and fixture scenario's budgets, and refuse the malformed fixture's", async () => {
    const loaded = await loadScenarios([]);
    const fixtures = path.join(REPO_ROOT, 'harness/testing/fixtures');
    const budgeted = [...loaded.map((s) => s.definition)];
    for (const f of fs.readdirSync(fixtures).filter((f) => f.endsWith('-scenarios.mjs'))) {
      const mod = (await import(pathToFileURL(path.join(fixtures, f)).href)) as { default?: unknown };
      if (Array.isArray(mod.default)) budgeted.push(...mod.default);
    }
    const withBudgets = budgeted.filter((d) => d.budgets !== undefined);
    expect(withBudgets.length).toBeGreaterThan(3);
    for (const d of withBudgets) expect(schemaProblems('budgets', asWritten(d.budgets)), d.name).toEqual([]);
    // Its '<8XB' has a unit heapgate does not know.
    const bad = (await import(pathToFileURL(path.join(fixtures, 'bad-budget-scenario.mjs')).href)) as { default: { budgets: unknown } };
    expect(schemaProblems('budgets', bad.default.budgets).join('\n')).toContain('/0/thresholds/heapDeltaBytes');
  });

  it('refuse budgets heapgate refuses', () => {
    for (const budgets of [
      [{ thresholds: { heapDeltaBytes: '<8MB' } }],
      [{ variant: 'a' }],
      [{ variant: 'a', thresholds: { heapBytes: '<8MB' } }],
      [{ variant: 'a', thresholds: { heapDeltaBytes: '8MB' } }],
      [{ variant: 'a', thresholds: { heapDeltaBytes: '<8 MBs' } }],
      [{ variant: 'a', growth: 'quadratic' }],
      [{ variant: 'a', growth: { class: 'constant', metric: 'heapDeltaBytes', metrics: ['durationMs'] } }],
      [{ variant: 'a', leakPerIteration: '<1KB', suites: ['CI'] }],
      [{ variant: 'a', leakPerIteration: '<1KB', extra: 1 }],
    ]) {
      expect(schemaProblems('budgets', budgets), JSON.stringify(budgets)).not.toEqual([]);
    }
  });

  it('accept a full results document and name the field of a malformed one', () => {
    const doc = asWritten(buildResultsFixture({ hostile: true })) as Record<string, unknown> & { runs: Record<string, unknown>[] };
    expect(schemaProblems('results', doc)).toEqual([]);
    const bad = { ...doc, runs: [{ ...doc.runs[0], status: 'exploded' }, ...doc.runs.slice(1)] };
    expect(schemaProblems('results', bad).join('\n')).toContain('/runs/0/status');
  });

  it('in tests, refuse a field no schema declares; shipped, let consumers ignore it', () => {
    const doc = { ...(asWritten(buildResultsFixture()) as object), addedLater: true };
    expect(schemaProblems('results', doc, { strict: false })).toEqual([]);
    expect(schemaProblems('results', doc)).toEqual(['(root): must NOT have additional properties "addedLater" (declare it in the schema)']);
    // Maps stay open under strict: counters and services are keyed by the scenario's own names.
    const strict = strictSchema(loadSchema('results')) as { $defs: { counters: { additionalProperties: unknown } } };
    expect(strict.$defs.counters.additionalProperties).toEqual({ type: ['number', 'null'] });
  });
});
