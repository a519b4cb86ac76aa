/** The errors users can catch: exported from `heapgate`, each thrown where its code says. */
import { describe, expect, test } from 'vitest';
import * as heapgate from '../index.js';
import { validateBudgets } from './budgets/validate-budgets.js';
import { parseArgs } from './cli/parse-args.js';
import type { HeapgateErrorCode } from './errors.js';
import { AgainstError } from './against/against-error.js';
import { RemoteProbeError } from './service-probe/index.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('public errors', () => {
  test('a malformed budget throws the exported BudgetDefinitionError, a UsageError with the usage code', () => {
    const e = thrown(() =>
      validateBudgets({ variants: { only: {} }, budgets: [{ variant: 'only', thresholds: { heapDeltaBytes: '<8XB' } }] }),
    );
    expect(e).toBeInstanceOf(heapgate.BudgetDefinitionError);
    expect(e).toBeInstanceOf(heapgate.UsageError);
    expect(e).toBeInstanceOf(heapgate.HeapgateError);
    expect((e as heapgate.BudgetDefinitionError).field).toBe('budgets[0].thresholds.heapDeltaBytes');
  });

  test('every code is what one exported class throws', () => {
    const codes: Record<HeapgateErrorCode, unknown> = {
      HEAPGATE_USAGE: thrown(() => parseArgs(['lsit'])),
      HEAPGATE_SCENARIO_INVALID: thrown(() => heapgate.defineScenario({ name: 'Bad Name' } as never)),
      // Thrown by the service providers (their tests start them for real).
      HEAPGATE_SERVICE: new heapgate.ServiceError('redis', 'no redis-server'),
      // Thrown by heapgate/probe's remoteProbe (its tests read real service processes).
      HEAPGATE_PROBE: new RemoteProbeError('unreachable', 'http://127.0.0.1:1', 'cannot reach /__heapgate/mark: ECONNREFUSED'),
      // Thrown by importOptional (its test loads it where no package is installed).
      HEAPGATE_MISSING_DEPENDENCY: new heapgate.MissingDependencyError('pg', 'the postgres service'),
      // Thrown while the CLI prepares an --against revision (harness/against/prepare-base-tree.test.ts).
      HEAPGATE_AGAINST: new AgainstError('build', 'npm run build exited with 2'),
    };
    expect(codes.HEAPGATE_USAGE).toBeInstanceOf(heapgate.UsageError);
    expect(codes.HEAPGATE_SCENARIO_INVALID).toBeInstanceOf(heapgate.ScenarioDefinitionError);
    for (const [code, error] of Object.entries(codes)) {
      expect(error).toBeInstanceOf(heapgate.HeapgateError);
      expect((error as heapgate.HeapgateError).code).toBe(code);
    }
  });

  test('no error class is exported that nothing throws', () => {
    const errorExports = Object.entries(heapgate)
      .filter(([, v]) => typeof v === 'function' && (v === Error || v.prototype instanceof Error))
      .map(([k]) => k)
      .sort();
    expect(errorExports).toEqual([
      'BudgetDefinitionError',
      'HeapgateError',
      'MissingDependencyError',
      'ScenarioDefinitionError',
      'ServiceError',
      'UsageError',
    ]);
  });
});
