import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseArgs } from './parse-args.js';

describe('--fresh', () => {
  it('is off by default and on when given, for run and gate', () => {
    const run = parseArgs(['run', 'x']);
    expect(run.command === 'run' && run.options.fresh).toBe(false);
    const fresh = parseArgs(['run', 'x', '--fresh']);
    expect(fresh.command === 'run' && fresh.options.fresh).toBe(true);
    const gate = parseArgs(['gate', '--fresh']);
    expect(gate.command === 'gate' && gate.options.fresh).toBe(true);
  });

  it('is a usage error where no services start', () => {
    expect(() => parseArgs(['list', '--fresh'])).toThrow(UsageError);
    expect(() => parseArgs(['run', 'x', '--fresh=yes'])).toThrow(UsageError);
  });
});
