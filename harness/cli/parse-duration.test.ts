/** Durations for --timeout and HEAPGATE_HEARTBEAT: what parses, what is refused, and how the CLI says so. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { formatDuration } from '../reporters/format-units.js';
import { FIXTURE_SCENARIOS, runCli } from '../testing/run-cli.js';
import { heartbeatIntervalMs } from './environment-options.js';
import { parseArgs } from './parse-args.js';
import { parseDuration } from './parse-duration.js';

describe('parseDuration', () => {
  it.each([
    ['5s', 5_000],
    ['90s', 90_000],
    ['2m', 120_000],
    ['1500ms', 1_500],
    ['1m30s', 90_000],
    ['2.5s', 2_500],
    ['1h', 3_600_000],
    [' 10S ', 10_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text, '--timeout')).toBe(ms);
  });

  it.each([
    ['5', /--timeout must be a duration such as 5s, 90s, 2m or 1500ms \(a unit is required\), got "5"/],
    ['5x', /got "5x"/],
    ['s', /got "s"/],
    ['-5s', /got "-5s"/],
    ['0s', /\(at least 1ms\)/],
    ['0.4ms', /\(at least 1ms\)/],
    ['600h', /\(at most 596h/],
  ])('refuses %j', (text, message) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
    expect(() => parseDuration(text, '--timeout')).toThrow(message);
  });

  it('formats back to what it reads', () => {
    for (const ms of [850, 1_500, 5_000, 30_000, 90_000, 600_000, 3_900_000]) expect(parseDuration(formatDuration(ms), 'x')).toBe(ms);
    expect([850, 1_500, 90_000, 600_000].map(formatDuration)).toEqual(['850ms', '1.5s', '1m30s', '10m']);
  });
});

describe('--timeout and HEAPGATE_HEARTBEAT', () => {
  it('parse into milliseconds for run and gate; --timeout is absent unless given', () => {
    const run = parseArgs(['run', 'x', '--timeout', '90s']);
    expect(run.command === 'run' && run.options.timeout).toBe(90_000);
    const gate = parseArgs(['gate', '--timeout=2m']);
    expect(gate.command === 'gate' && gate.options.timeout).toBe(120_000);
    const plain = parseArgs(['run', 'x']);
    expect(plain.command === 'run' && plain.options.timeout).toBeUndefined();
    expect(heartbeatIntervalMs({ HEAPGATE_HEARTBEAT: '10s' })).toBe(10_000);
    expect(heartbeatIntervalMs({})).toBeUndefined();
    expect(() => parseArgs(['list', '--timeout', '5s'])).toThrow(/unknown option --timeout for "list"/);
  });

  it('exit 2 with a usage line when malformed, before anything runs', async () => {
    const flag = await runCli(['run', 'fixture-small', '--scenarios', FIXTURE_SCENARIOS, '--timeout', '5']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--timeout must be a duration such as 5s, 90s, 2m or 1500ms (a unit is required), got "5"');
    expect(flag.stderr).toMatch(/^usage: heapgate run .*\[--timeout DURATION\]/m);

    const env = await runCli(['run', 'fixture-small', '--scenarios', FIXTURE_SCENARIOS], { HEAPGATE_HEARTBEAT: 'often' });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('HEAPGATE_HEARTBEAT must be a duration such as 5s, 90s, 2m or 1500ms, got "often"');
    expect(env.stderr).toMatch(/^usage: heapgate run/m);
    expect(env.stderr).not.toContain('fixture-small tiny');
  });
});
