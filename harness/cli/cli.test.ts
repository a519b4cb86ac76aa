/** The command line as users and CI script against it: exit codes, usage lines, --json. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_OPTIONS, flagName, type CommandName, type OptionName } from './cli-options.js';
import { parseArgs } from './parse-args.js';
import { readmeUsageBlock, USAGE } from './usage.js';
import { nearest } from './nearest.js';
import { FIXTURE_SCENARIOS, REPO_ROOT, runCli } from '../testing/run-cli.js';
import { UsageError } from '../errors.js';

describe('parseArgs', () => {
  it('parses flags in both --name value and --name=value forms into typed options, defaults filled in', () => {
    const a = parseArgs(['run', 'suggestions', '--records', '1000,10000', '--repeat=3', '--json', '--scenarios', 'a', '--scenarios', 'b']);
    expect(a).toEqual({
      command: 'run',
      options: {
        names: ['suggestions'],
        records: [1000, 10000],
        variant: 'all',
        repeat: 3,
        maxHeap: undefined,
        heapFloor: false,
        snapshot: false,
        out: undefined,
        json: true,
        scenarios: ['a', 'b'],
        verbose: false,
        fresh: false,
        liveHeap: 'exact',
        load: 'autocannon',
        timeout: undefined,
        iterations: undefined,
        capacity: undefined,
        builtins: false,
        nodeOption: [],
      },
      given: new Set(['records', 'repeat', 'json', 'scenarios']),
    });
  });

  it('applies per-command defaults from the table', () => {
    const gate = parseArgs(['gate']);
    expect(gate.command === 'gate' && gate.options).toEqual({
      repeat: 3,
      maxHeap: undefined,
      snapshot: false,
      out: undefined,
      json: false,
      scenarios: [],
      suite: 'ci',
      baseline: undefined,
      updateBaseline: false,
      strictDurations: false,
      verbose: false,
      fresh: false,
      liveHeap: 'exact',
      load: 'autocannon',
      timeout: undefined,
      builtins: false,
      nodeOption: [],
    });
    const run = parseArgs(['run', 'x']);
    expect(run.command === 'run' && [run.options.repeat, run.options.records, run.options.variant]).toEqual([1, 'default', 'all']);
    expect(parseArgs(['list'])).toEqual({ command: 'list', options: { json: false, scenarios: [], builtins: false }, given: new Set() });
  });

  it.each([
    ['sweep', 'sweep'],
    ['default', 'default'],
    ['100_000', [100_000]],
    ['10, 1000,10', [10, 1000]],
  ])('transforms --records %s', (text, records) => {
    const a = parseArgs(['run', 'x', '--records', text]);
    expect(a.command === 'run' && a.options.records).toEqual(records);
  });

  it('transforms --variant into all or a list of names', () => {
    const a = parseArgs(['run', 'x', '--variant', 'before, after']);
    expect(a.command === 'run' && a.options.variant).toEqual(['before', 'after']);
    expect(() => parseArgs(['run', 'x', '--variant', ','])).toThrow('--variant needs a name, a comma list, or "all"');
  });

  it('answers --help and help <command> before checking positionals', () => {
    expect(parseArgs(['report', '--help'])).toEqual({ command: 'help', topic: 'report' });
    expect(parseArgs(['help', 'gate'])).toEqual({ command: 'help', topic: 'gate' });
    expect(parseArgs(['-h'])).toEqual({ command: 'help' });
  });

  it.each([
    [['run', 'x', '--repeat', '0'], /--repeat must be a positive integer/],
    [['run', 'x', '--max-heap'], /--max-heap needs a value/],
    [['run', 'x', '--recrods', '5'], /unknown option --recrods/],
    [['run', 'x', '--json=yes'], /--json takes no value/],
    [['run', 'x', '--records', '1,many'], /--records must be a positive integer, got "many"/],
    [['run', 'x', '--out='], /--out needs a value \(DIR\)/],
    [['report'], /missing <results\.json>/],
    [['report', 'a', 'b', 'c'], /expected at most two results files, got 3/],
    [['lsit'], /unknown command "lsit"/],
    [['list', '--update-baseline'], /unknown option --update-baseline for "list"/],
    [['gate', '--shard', '0/3'], /--shard must be i\/n with 1 <= i <= n \(e\.g\. 2\/3\), got "0\/3"/],
    [['gate', '--shard', '4/3'], /--shard must be i\/n/],
    [['run', 'x', '--shard', '2'], /--shard must be i\/n/],
    [['merge'], /missing <results\.json>/],
    [['run', 'x', '--results', 'r.json'], /unknown option --results for "run"/],
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
    expect(res.stderr).toMatch(/^usage: heapgate <run\|list\|gate\|report\|merge\|profile/m);
  });

  it('refuses a single-valued flag given twice instead of letting the last one win', () => {
    expect(() => parseArgs(['run', 's', '--variant', 'before', '--variant', 'after'])).toThrow(
      /--variant given twice \(use one comma list/,
    );
    expect(() => parseArgs(['run', 's', '--repeat', '2', '--repeat=3'])).toThrow(/--repeat given twice/);
    const twice = parseArgs(['run', 's', '--scenarios', 'a', '--scenarios', 'b', '--json', '--json']);
    expect(twice.command === 'run' && [twice.options.scenarios, twice.options.json]).toEqual([['a', 'b'], true]);
  });

  it('usage lines list exactly the flags each command accepts', () => {
    for (const command of ['run', 'list', 'gate', 'report', 'merge', 'profile', 'init'] as const) {
      const listed = [...USAGE[command].matchAll(/\[--([a-z-]+)/g)].map((m) => m[1]);
      const accepted = (Object.keys(CLI_OPTIONS) as OptionName[])
        .filter((n) => n !== 'help' && (CLI_OPTIONS[n].commands as readonly CommandName[]).includes(command))
        .map(flagName);
      expect(listed, command).toEqual(accepted);
      // And each listed flag parses for that command.
      for (const flag of accepted) {
        const spec = CLI_OPTIONS[(Object.keys(CLI_OPTIONS) as OptionName[]).find((n) => flagName(n) === flag)!];
        const argv = [
          command,
          ...(command === 'run' || command === 'profile' ? ['x'] : command === 'report' || command === 'merge' ? ['r.json'] : []),
        ];
        const sample: Record<string, string> = {
          records: 'sweep',
          variant: 'all',
          timeout: '2s',
          'live-heap': 'observed',
          iterations: '20',
          capacity: '512MB',
          load: 'k6',
          shard: '1/2',
          'node-option': '--stack-size=900',
          with: 'heap',
        };
        const value = spec.kind === 'switch' ? [] : [sample[flag] ?? '2'];
        // A value that is itself a flag is given in the = form (the space form would read it as the next option).
        const given = value[0]?.startsWith('--') ? [`--${flag}=${value[0]}`] : [`--${flag}`, ...value];
        expect(() => parseArgs([...argv, ...given]), `${command} --${flag}`).not.toThrow();
      }
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

  it('--version prints the package version', async () => {
    const res = await runCli(['--version']);
    expect(res.code).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(res.stdout).toBe(`heapgate ${pkg.version}\n`);
  });

  it("README's Command line block is the usage generated from the option table", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Command line'));
    const block = /```\n([\s\S]*?)\n```/.exec(section)?.[1];
    // On failure, paste the expected block (readmeUsageBlock()) into README.md.
    expect(block).toBe(readmeUsageBlock());
  });
});
