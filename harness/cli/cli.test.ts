/** The command line as users and CI script against it: exit codes, usage lines, --json. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAGS, parseArgs, USAGE } from './flags.js';
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
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-cli-json-'));
    const res = await runCli(['run', 'fixture-small', '--scenarios', FIXTURE_SCENARIOS, '--json', '--out', out]).finally(() =>
      fs.rmSync(out, { recursive: true, force: true }),
    );
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
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-bad-scenario-'));
    try {
      const file = path.join(dir, 'bad.mjs');
      fs.writeFileSync(
        file,
        "export default { name: 'Bad Name', summary: 'x', source: 'x', defaultRecords: 1, sweep: [1], services: [], variants: {} };",
      );
      const res = await runCli(['list', '--scenarios', file]);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('HEAPGATE_SCENARIO_INVALID');
      expect(res.stderr).toContain('bad.mjs: name');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with the usage line when no command is given', async () => {
    const res = await runCli([]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('name a command');
    expect(res.stderr).toMatch(/^usage: heapgate <run\|list\|gate\|report>/m);
  });

  it('refuses a single-valued flag given twice instead of letting the last one win', () => {
    expect(() => parseArgs(['run', 's', '--variant', 'before', '--variant', 'after'])).toThrow(
      /--variant given twice \(use one comma list/,
    );
    expect(() => parseArgs(['run', 's', '--repeat', '2', '--repeat=3'])).toThrow(/--repeat given twice/);
    expect(parseArgs(['run', 's', '--scenarios', 'a', '--scenarios', 'b']).flags.scenarios).toEqual(['a', 'b']);
  });

  it('usage lines list exactly the flags each command accepts', () => {
    for (const command of ['run', 'list', 'gate', 'report'] as const) {
      const listed = [...USAGE[command].matchAll(/\[--([a-z-]+)/g)].map((m) => m[1]);
      const accepted = FLAGS.filter((f) => f.commands.includes(command) && f.name !== 'help').map((f) => f.name);
      expect(listed, command).toEqual(accepted);
    }
    expect(USAGE.report).toContain('[--title TEXT]');
    expect(USAGE.gate).not.toContain('--records');
  });

  it('runs a scenario named twice once', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-twice-'));
    const res = await runCli(['run', 'fixture-small', 'fixture-small', '--scenarios', FIXTURE_SCENARIOS, '--json', '--out', out]).finally(
      () => fs.rmSync(out, { recursive: true, force: true }),
    );
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as { runs: unknown[] };
    expect(doc.runs).toHaveLength(1);
  });
});
