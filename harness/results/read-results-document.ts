/**
 * Reading a saved `results.json` back (for `heapgate report`), validated so a wrong file fails
 * with the file and field named instead of a broken report.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import {
  LIVE_HEAP_METHODS,
  type CapacityProjection,
  type CounterDefinitions,
  type HeapFloor,
  type LeakFit,
  type LeakSummary,
  type LiveHeapMethod,
  type PlanIdentity,
  type ResultsDocument,
  type RunResult,
  type Summary,
  type Verdict,
} from './results-document.js';
import { COUNTER_UNITS, METRIC_NAMES, type CounterDefinition, type CounterUnit } from '../scenario/types.js';

const RUN_STATUSES = ['ok', 'failed', 'oom', 'timeout', 'crashed'];
const VERDICT_KINDS = ['target', 'budget', 'baseline'];
const COMPARATORS = ['<=', '>=', '<', '>'];
const GROWTH_CLASSES = ['constant', 'linear', 'superlinear'];
const LEAK_FIT_NUMBERS = [
  'iterations',
  'warmupIterations',
  'bytesPerIteration',
  'interceptBytes',
  'r2',
  'standardErrorBytes',
  'lowBytesPerIteration',
  'highBytesPerIteration',
] as const;
const LEAK_SUMMARY_NUMBERS = [
  'iterations',
  'warmupIterations',
  'bytesPerIteration',
  'minBytesPerIteration',
  'maxBytesPerIteration',
  'r2',
  'standardErrorBytes',
] as const;

/**
 * Reads and validates a results document.
 * @throws UsageError `<file>: <field>: <why>` when the file is missing, not JSON, or not a
 *   schema-1 results document.
 */
export async function readResultsDocument(file: string): Promise<ResultsDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read: ${(error as Error).message}`}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseResultsDocument(json, file);
}

/**
 * Validates a parsed results document (with `counterDefinitions`, run and summary `leak` fits,
 * `heapFloors`, `snapshots`, `capacity` projections and its `plan` when it has them). Numbers that JSON wrote as `null` (a NaN `actual` of a
 * budget that could not be checked, a metric a child never reported) come back as NaN.
 * @throws UsageError naming `file` and the field.
 */
export function parseResultsDocument(json: unknown, file = 'results.json'): ResultsDocument {
  const fail = (field: string, why: string): never => {
    throw new UsageError(`${file}: ${field}: ${why}`);
  };
  if (!isObject(json)) return fail('(root)', 'must be a JSON object (a heapgate results.json)');
  if (json.schemaVersion !== 1) fail('schemaVersion', `must be 1, got ${JSON.stringify(json.schemaVersion)}`);
  if (typeof json.startedAt !== 'string') fail('startedAt', 'must be a string');
  const env = json.environment;
  if (!isObject(env)) return fail('environment', 'must be an object');
  for (const k of ['node', 'platform'] as const) if (typeof env[k] !== 'string') fail(`environment.${k}`, 'must be a string');
  for (const k of ['cpus', 'totalMemBytes'] as const) if (typeof env[k] !== 'number') fail(`environment.${k}`, 'must be a number');
  if (env.services !== undefined && !isObject(env.services)) fail('environment.services', 'must be an object');
  for (const k of ['runs', 'summaries', 'verdicts'] as const) if (!Array.isArray(json[k])) fail(k, 'must be an array');

  const num = (field: string, v: unknown): number => {
    if (v === null) return Number.NaN;
    if (typeof v !== 'number') return fail(field, 'must be a number');
    return v;
  };
  const str = (field: string, v: unknown): string => (typeof v === 'string' ? v : fail(field, 'must be a string'));
  const metrics = (field: string, v: unknown): Record<string, number> => {
    if (!isObject(v)) return fail(field, 'must be an object of metrics');
    // A metric the document lacks (one added after it was written) reads as NaN: not measured.
    return Object.fromEntries(METRIC_NAMES.map((m) => [m, num(`${field}.${m}`, v[m] ?? null)]));
  };
  const counters = (field: string, v: unknown): Record<string, number> => {
    if (v === undefined) return {};
    if (!isObject(v)) return fail(field, 'must be an object of numbers');
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, num(`${field}.${k}`, x)]));
  };

  // An error and each link of its cause chain: a message, and strings where the names say so.
  const runError = (field: string, v: unknown, depth = 0): void => {
    if (!(isObject(v) && typeof v.message === 'string')) {
      fail(field, 'must be an object with a message');
      return;
    }
    for (const k of ['name', 'code', 'stack', 'stderrTail'] as const) {
      if (v[k] !== undefined && typeof v[k] !== 'string') fail(`${field}.${k}`, 'must be a string');
    }
    if (v.timeoutMs !== undefined && typeof v.timeoutMs !== 'number') fail(`${field}.timeoutMs`, 'must be a number');
    if (v.skipped !== undefined && typeof v.skipped !== 'boolean') fail(`${field}.skipped`, 'must be a boolean');
    if (v.cause !== undefined && depth < 20) runError(`${field}.cause`, v.cause, depth + 1);
  };
  const numbers = (field: string, v: unknown, keys: readonly string[]): Record<string, number> => {
    if (!isObject(v)) return fail(field, 'must be an object');
    return Object.fromEntries(keys.map((k) => [k, num(`${field}.${k}`, v[k] ?? null)]));
  };
  const leakFit = (field: string, v: unknown): LeakFit => {
    if (!isObject(v)) return fail(field, 'must be an object');
    if (!Array.isArray(v.retainedBytes)) fail(`${field}.retainedBytes`, 'must be an array of numbers');
    return {
      ...(numbers(field, v, LEAK_FIT_NUMBERS) as Omit<LeakFit, 'retainedBytes'>),
      retainedBytes: (v.retainedBytes as unknown[]).map((x, k) => num(`${field}.retainedBytes[${k}]`, x)),
    };
  };
  const leakSummary = (field: string, v: unknown): LeakSummary => numbers(field, v, LEAK_SUMMARY_NUMBERS) as unknown as LeakSummary;

  const runs = (json.runs as unknown[]).map((raw, i): RunResult => {
    const at = `runs[${i}]`;
    if (!isObject(raw)) return fail(at, 'must be an object');
    if (!RUN_STATUSES.includes(raw.status as string)) fail(`${at}.status`, `must be one of ${RUN_STATUSES.join(', ')}`);
    if (raw.timeline !== undefined) {
      const t = raw.timeline;
      if (!isObject(t) || typeof t.baselineHeapBytes !== 'number' || !Array.isArray(t.samples) || !Array.isArray(t.gcEvents)) {
        fail(`${at}.timeline`, 'must have baselineHeapBytes, samples[] and gcEvents[]');
      }
    }
    if (raw.error !== undefined) runError(`${at}.error`, raw.error);
    return {
      ...(raw as object),
      scenario: str(`${at}.scenario`, raw.scenario),
      variant: str(`${at}.variant`, raw.variant),
      records: num(`${at}.records`, raw.records),
      repeat: num(`${at}.repeat`, raw.repeat),
      metrics: raw.metrics === null || raw.metrics === undefined ? null : (metrics(`${at}.metrics`, raw.metrics) as RunResult['metrics']),
      counters: counters(`${at}.counters`, raw.counters),
      ...(raw.leak !== undefined ? { leak: leakFit(`${at}.leak`, raw.leak) } : {}),
    } as RunResult;
  });
  const livePass = (at: string, raw: unknown): Summary['livePass'] => {
    if (!isObject(raw)) return fail(at, 'must be an object');
    if (!RUN_STATUSES.includes(raw.status as string)) fail(`${at}.status`, `must be one of ${RUN_STATUSES.join(', ')}`);
    if (raw.error !== undefined && !(isObject(raw.error) && typeof raw.error.message === 'string'))
      fail(`${at}.error`, 'must be an object with a message');
    return {
      status: raw.status as RunResult['status'],
      intervalMb: num(`${at}.intervalMb`, raw.intervalMb),
      liveHeapDeltaBytes: raw.liveHeapDeltaBytes === null ? null : num(`${at}.liveHeapDeltaBytes`, raw.liveHeapDeltaBytes),
      fullGcs: num(`${at}.fullGcs`, raw.fullGcs),
      durationMs: raw.durationMs === null ? null : num(`${at}.durationMs`, raw.durationMs),
      ...(raw.error !== undefined ? { error: raw.error as NonNullable<RunResult['error']> } : {}),
    };
  };
  const summaries = (json.summaries as unknown[]).map((raw, i): Summary => {
    const at = `summaries[${i}]`;
    if (!isObject(raw)) return fail(at, 'must be an object');
    if (raw.liveHeapMethod !== undefined && !LIVE_HEAP_METHODS.includes(raw.liveHeapMethod as LiveHeapMethod))
      fail(`${at}.liveHeapMethod`, `must be one of ${LIVE_HEAP_METHODS.join(', ')}`);
    return {
      scenario: str(`${at}.scenario`, raw.scenario),
      variant: str(`${at}.variant`, raw.variant),
      records: num(`${at}.records`, raw.records),
      repeats: num(`${at}.repeats`, raw.repeats),
      failedRepeats: raw.failedRepeats === undefined ? 0 : num(`${at}.failedRepeats`, raw.failedRepeats),
      median: metrics(`${at}.median`, raw.median) as Summary['median'],
      min: metrics(`${at}.min`, raw.min) as Summary['min'],
      max: metrics(`${at}.max`, raw.max) as Summary['max'],
      counters: counters(`${at}.counters`, raw.counters),
      ...(raw.liveHeapMethod !== undefined ? { liveHeapMethod: raw.liveHeapMethod as LiveHeapMethod } : {}),
      ...(raw.livePass !== undefined ? { livePass: livePass(`${at}.livePass`, raw.livePass) } : {}),
      ...(raw.leak !== undefined ? { leak: leakSummary(`${at}.leak`, raw.leak) } : {}),
    };
  });
  const verdicts = (json.verdicts as unknown[]).map((raw, i): Verdict => {
    const at = `verdicts[${i}]`;
    if (!isObject(raw)) return fail(at, 'must be an object');
    if (!VERDICT_KINDS.includes(raw.kind as string)) fail(`${at}.kind`, `must be one of ${VERDICT_KINDS.join(', ')}`);
    if (!COMPARATORS.includes(raw.comparator as string)) fail(`${at}.comparator`, `must be one of ${COMPARATORS.join(', ')}`);
    if (typeof raw.pass !== 'boolean') fail(`${at}.pass`, 'must be a boolean');
    return {
      scenario: str(`${at}.scenario`, raw.scenario),
      variant: str(`${at}.variant`, raw.variant),
      records: num(`${at}.records`, raw.records),
      metric: str(`${at}.metric`, raw.metric),
      actual: num(`${at}.actual`, raw.actual),
      limit: num(`${at}.limit`, raw.limit),
      comparator: raw.comparator as Verdict['comparator'],
      kind: raw.kind as Verdict['kind'],
      pass: raw.pass as boolean,
      source: str(`${at}.source`, raw.source),
    };
  });
  const counterDefinitions = (raw: unknown): CounterDefinitions => {
    if (!isObject(raw)) return fail('counterDefinitions', 'must be an object of scenarios');
    return Object.fromEntries(
      Object.entries(raw).map(([scenario, counters]) => {
        const at = `counterDefinitions.${scenario}`;
        if (!isObject(counters)) return fail(at, 'must be an object of counters');
        return [
          scenario,
          Object.fromEntries(
            Object.entries(counters).map(([name, d]): [string, CounterDefinition] => {
              if (!isObject(d)) return fail(`${at}.${name}`, 'must be an object');
              if (d.label !== undefined && typeof d.label !== 'string') fail(`${at}.${name}.label`, 'must be a string');
              if (d.unit !== undefined && typeof d.unit !== 'string') fail(`${at}.${name}.unit`, 'must be a string');
              if (d.key !== undefined && typeof d.key !== 'boolean') fail(`${at}.${name}.key`, 'must be a boolean');
              return [
                name,
                {
                  ...(d.label !== undefined ? { label: d.label as string } : {}),
                  // A unit a newer heapgate added is dropped, not refused: the name then decides.
                  ...(COUNTER_UNITS.includes(d.unit as CounterUnit) ? { unit: d.unit as CounterUnit } : {}),
                  ...(d.key !== undefined ? { key: d.key as boolean } : {}),
                },
              ];
            }),
          ),
        ];
      }),
    );
  };
  const nullableNumber = (field: string, v: unknown): number | null => (v === null ? null : num(field, v));
  const capacity = (raw: unknown): CapacityProjection[] => {
    if (!Array.isArray(raw)) return fail('capacity', 'must be an array');
    return raw.map((c, i): CapacityProjection => {
      const at = `capacity[${i}]`;
      if (!isObject(c)) return fail(at, 'must be an object');
      if (!GROWTH_CLASSES.includes(c.growthClass as string)) fail(`${at}.growthClass`, `must be one of ${GROWTH_CLASSES.join(', ')}`);
      if (!Array.isArray(c.records) || c.records.length === 0) fail(`${at}.records`, 'must be a non-empty array of record counts');
      return {
        scenario: str(`${at}.scenario`, c.scenario),
        variant: str(`${at}.variant`, c.variant),
        limitBytes: num(`${at}.limitBytes`, c.limitBytes),
        metric: str(`${at}.metric`, c.metric),
        growthClass: c.growthClass as CapacityProjection['growthClass'],
        records: (c.records as unknown[]).map((r, k) => num(`${at}.records[${k}]`, r)),
        largestMeasuredBytes: num(`${at}.largestMeasuredBytes`, c.largestMeasuredBytes),
        bytesPerRecord: num(`${at}.bytesPerRecord`, c.bytesPerRecord),
        interceptBytes: num(`${at}.interceptBytes`, c.interceptBytes),
        r2: num(`${at}.r2`, c.r2),
        projectedRecords: nullableNumber(`${at}.projectedRecords`, c.projectedRecords ?? null),
        low: nullableNumber(`${at}.low`, c.low ?? null),
        high: nullableNumber(`${at}.high`, c.high ?? null),
      };
    });
  };
  const plan = (raw: unknown): PlanIdentity => {
    if (!isObject(raw)) return fail('plan', 'must be an object');
    if (raw.command !== 'run' && raw.command !== 'gate') fail('plan.command', 'must be "run" or "gate"');
    if (raw.suite !== undefined && typeof raw.suite !== 'string') fail('plan.suite', 'must be a string');
    const positive = (field: string, v: unknown): number =>
      typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? v : fail(field, 'must be a positive integer');
    let shard: PlanIdentity['shard'];
    if (raw.shard !== undefined) {
      if (!isObject(raw.shard)) return fail('plan.shard', 'must be an object');
      shard = { index: positive('plan.shard.index', raw.shard.index), count: positive('plan.shard.count', raw.shard.count) };
      if (shard.index > shard.count) fail('plan.shard.index', `must be at most plan.shard.count (${shard.count})`);
    }
    return {
      command: raw.command as PlanIdentity['command'],
      ...(raw.suite !== undefined ? { suite: raw.suite as string } : {}),
      fingerprint: str('plan.fingerprint', raw.fingerprint),
      ...(shard ? { shard } : {}),
      ...(raw.mergedShards !== undefined ? { mergedShards: positive('plan.mergedShards', raw.mergedShards) } : {}),
    };
  };
  const snapshots = (raw: unknown): string[] => {
    if (!Array.isArray(raw)) return fail('snapshots', 'must be an array of paths');
    return raw.map((p, i) => str(`snapshots[${i}]`, p));
  };
  const heapFloors = (raw: unknown): HeapFloor[] => {
    if (!Array.isArray(raw)) return fail('heapFloors', 'must be an array');
    return raw.map((f, i): HeapFloor => {
      const at = `heapFloors[${i}]`;
      if (!isObject(f)) return fail(at, 'must be an object');
      if (!Array.isArray(f.probes)) fail(`${at}.probes`, 'must be an array');
      return {
        scenario: str(`${at}.scenario`, f.scenario),
        variant: str(`${at}.variant`, f.variant),
        records: num(`${at}.records`, f.records),
        floorMb: nullableNumber(`${at}.floorMb`, f.floorMb ?? null),
        failedMb: nullableNumber(`${at}.failedMb`, f.failedMb ?? null),
        toleranceMb: num(`${at}.toleranceMb`, f.toleranceMb),
        probes: (f.probes as unknown[]).map((p, k) => {
          if (!(isObject(p) && RUN_STATUSES.includes(p.status as string)))
            return fail(`${at}.probes[${k}]`, 'must have a maxHeapMb and a status');
          return { maxHeapMb: num(`${at}.probes[${k}].maxHeapMb`, p.maxHeapMb), status: p.status as RunResult['status'] };
        }),
      };
    });
  };
  return {
    schemaVersion: 1,
    startedAt: json.startedAt as string,
    ...(typeof json.finishedAt === 'string' ? { finishedAt: json.finishedAt } : {}),
    environment: {
      node: env.node as string,
      platform: env.platform as string,
      cpus: env.cpus as number,
      totalMemBytes: env.totalMemBytes as number,
      services: (env.services ?? {}) as ResultsDocument['environment']['services'],
    },
    runs,
    summaries,
    ...(json.heapFloors !== undefined ? { heapFloors: heapFloors(json.heapFloors) } : {}),
    ...(json.snapshots !== undefined ? { snapshots: snapshots(json.snapshots) } : {}),
    verdicts,
    ...(json.counterDefinitions !== undefined ? { counterDefinitions: counterDefinitions(json.counterDefinitions) } : {}),
    ...(json.capacity !== undefined ? { capacity: capacity(json.capacity) } : {}),
    ...(json.plan !== undefined ? { plan: plan(json.plan) } : {}),
  };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
