/** The command line as users and CI script against it: exit codes, usage lines, --json. */
import { describe, expect, it } from 'vitest';
import { parseArgs } from './flags.js';
import { nearest } from './nearest.js';
import { FIXTURE_SCENARIOS, runCli } from '../testing/run-cli.js';
import { UsageError } from '../errors.js';

describe('parseArgs', () => {
  it('parses flags in both --name value and --name=value forms', () => {
    const a = parseArgs(['run', 'suggestions', '--records', '1000,10000', '--repeat=3', '--json', '--scenarios', 'a', '--scenarios', 'b']);
    expect(a.command).toBe('run');
    expect(a.positionals).toEqual(['suggestions']);
    expect(a.flags).toEqual({ records: '1000,10000', repeat: 3, json: true, scenarios: ['a', 'b'] });
  });

  it.each([
    [['run', 'x', '--repeat', '0'], /--repeat must be a positive integer/],
    [['run', 'x', '--max-heap'], /--max-heap needs a value/],
    [['run', 'x', '--recrods', '5'], /unknown option --recrods/],
    [['run', 'x', '--json=yes'], /--json takes no value/],
    [['lsit'], /unknown command "lsit"/],
    [['list', '--update-baseline'], /unknown option --update-baseline for "list"/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('suggests the nearest flag', () => {
    try {
      parseArgs(['run', 'x', '--recrods', '5']);
      expect.unreachable();
    } catch (e) {
      expect((e as UsageError).suggestions).toContain('--records');
    }
  });

  it('ranks near names first', () => {
    expect(nearest('sugestions', ['ccts', 'suggestions', 'tenants'])).toEqual(['suggestions']);
  });
});

describe('heapgate CLI', () => {
  it('exits 2 with a usage line and the nearest scenario names for an unknown scenario', async () => {
    const res = await runCli(['run', 'fixture-smal', '--scenarios', FIXTURE_SCENARIOS]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('unknown scenario "fixture-smal"');
    expect(res.stderr).toMatch(/did you mean: fixture-small/);
    expect(res.stderr).toMatch(/^usage: heapgate run/m);
    expect(res.stdout).toBe('');
  });

  it('exits 2 with a usage line for a malformed flag', async () => {
    const res = await runCli(['run', 'fixture-small', '--records', 'many', '--scenarios', FIXTURE_SCENARIOS]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--records must be a positive integer, got "many"/);
    expect(res.stderr).toMatch(/^usage: heapgate run/m);
  });

  it('with --json prints only the results document on stdout', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-cli-json-'));
    const res = await runCli(['run', 'fixture-small', '--scenarios', FIXTURE_SCENARIOS, '--json', '--out', out]).finally(() => fs.rmSync(out, { recursive: true, force: true }));
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.environment.node).toBe(process.version);
    expect(doc.runs[0].status).toBe('ok');
    expect(res.stderr).toContain('fixture-small');
  });

  it('lists scenarios, including user scenario files, as JSON', async () => {
    const res = await runCli(['list', '--json', '--scenarios', FIXTURE_SCENARIOS]);
    expect(res.code).toBe(0);
    const list = JSON.parse(res.stdout) as { name: string; origin: string }[];
    expect(list.find((s) => s.name === 'fixture-small')?.origin).toBe('user');
  });

  it('rejects a scenario file that breaks the contract, naming the field', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-bad-scenario-'));
    try {
      const file = path.join(dir, 'bad.mjs');
      fs.writeFileSync(file, "export default { name: 'Bad Name', summary: 'x', source: 'x', defaultRecords: 1, sweep: [1], services: [], variants: {} };");
      const res = await runCli(['list', '--scenarios', file]);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('HEAPGATE_SCENARIO_INVALID');
      expect(res.stderr).toContain('bad.mjs: name');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
