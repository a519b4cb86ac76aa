/**
 * `get` throughput of the lru-cache wrappers ({@link InstrumentedLruCache}, {@link TieredCache}'s
 * L1 path) beside raw `lru-cache` `get` on the very same `lru-cache` instance (same options,
 * entries and memory), for the `caches` bench suite.
 *
 * Why several processes: the two loops differ by one call level, and whether V8 inlines
 * lru-cache's `get` through the wrapper depends on its cumulative inlining budget
 * (`--max-inlined-bytecode-size-cumulative`,
 * https://github.com/v8/v8/blob/main/src/flags/flag-definitions.h), which both paths sit close to. That decision is
 * made once per process, so rounds inside one process agree with each other while processes
 * differ (measured: per-process medians 0.92–0.99 with rounds within ±1% of their process).
 * Alternating rounds cancel machine load inside a process; the median over fresh processes
 * samples V8's decisions instead of reporting one of them.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LRUCache } from 'lru-cache';
import { Bench } from 'tinybench';
import { type BenchRow, taskRow } from './bench-suite.js';
import { trackPid } from '../harness/services/cleanup.js';
import { median } from '../harness/results/summarize.js';
import { entrySample } from '../reference-impl/caches/entry-samples.js';
import { InstrumentedLruCache } from '../reference-impl/caches/instrumented-lru-cache.js';
import { TieredCache } from '../reference-impl/caches/tiered-cache.js';

/** Lookups per task iteration: one `get` is far below timer resolution. */
export const GET_BATCH = 1000;
/** Entries in the cache; lookups hit 90% of the time. */
export const GET_ENTRIES = 10_000;

/** The wrappers compared with raw `lru-cache` `get`. */
export type GetPairName = 'instrumented' | 'tiered';

/** One wrapper's paired rounds in one process. */
export interface GetPairResult {
  readonly name: GetPairName;
  /** Raw and wrapper rows of the round with the median throughput. */
  readonly raw: BenchRow;
  readonly wrapped: BenchRow;
  /** wrapper / raw throughput, one per round. */
  readonly ratios: readonly number[];
  /** Median of {@link ratios}. */
  readonly medianRatio: number;
}

function medianRound(rounds: readonly BenchRow[]): BenchRow {
  return [...rounds].sort((a, b) => a.throughput - b.throughput)[Math.floor(rounds.length / 2)]!;
}

type Task = () => unknown;

async function pairedRounds(
  name: GetPairName,
  tasks: { readonly raw: readonly [string, Task]; readonly wrapped: readonly [string, Task] },
  rounds: number,
  roundMs: number,
): Promise<GetPairResult> {
  const rawRounds: BenchRow[] = [];
  const wrappedRounds: BenchRow[] = [];
  const ratios: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const bench = new Bench({ time: roundMs, warmupTime: roundMs / 3 });
    if (round % 2 === 1) bench.add('raw', tasks.raw[1]).add('wrapped', tasks.wrapped[1]);
    else bench.add('wrapped', tasks.wrapped[1]).add('raw', tasks.raw[1]);
    await bench.run();
    const rawRow = taskRow(tasks.raw[0], bench.getTask('raw'), GET_BATCH, 'gets/s');
    const wrappedRow = taskRow(tasks.wrapped[0], bench.getTask('wrapped'), GET_BATCH, 'gets/s');
    rawRounds.push(rawRow);
    wrappedRounds.push(wrappedRow);
    ratios.push(wrappedRow.throughput / rawRow.throughput);
  }
  return { name, raw: medianRound(rawRounds), wrapped: medianRound(wrappedRounds), ratios, medianRatio: median(ratios) };
}

/**
 * Runs `rounds` raw/wrapper pairs per wrapper in this process, alternating which task runs
 * first: {@link InstrumentedLruCache} `get` beside raw `get` on its own instance, and
 * {@link TieredCache} `get` (L1 hits, awaited) beside an awaited raw `get` on its L1's
 * instance — both sides pay the same `await`, so the ratio is the wrapper's own code.
 * Lookups: 90% hits, 10% misses, scattered (the tiered pair uses hits only: an L1 miss goes to
 * L2/L3, which is not what is compared).
 */
export async function measureGetPairsInProcess(rounds: number, roundMs = 150): Promise<GetPairResult[]> {
  if (!Number.isInteger(rounds) || rounds < 1) throw new TypeError(`rounds must be a positive integer, got ${rounds}`);
  const keys = Array.from({ length: GET_ENTRIES }, (_, i) => `user-${i}`);
  const values = Array.from({ length: GET_ENTRIES }, (_, i) => entrySample('user-profile', i) as object);
  const lookups = Array.from({ length: GET_BATCH }, (_, i) => (i % 10 === 9 ? `absent-${i}` : keys[(i * 7919) % GET_ENTRIES]!));
  const hitLookups = Array.from({ length: GET_BATCH }, (_, i) => keys[(i * 7919) % GET_ENTRIES]!);
  const limits = { maxSizeBytes: 64 * 1024 * 1024 };
  const wrapped = new InstrumentedLruCache<string, object>({ max: GET_ENTRIES, ...limits, ttlMs: 3_600_000 });
  const tiered = new TieredCache<object>({ load: async () => undefined, l1MaxEntries: GET_ENTRIES, l1MaxSizeBytes: limits.maxSizeBytes });
  for (let i = 0; i < GET_ENTRIES; i++) {
    wrapped.set(keys[i]!, values[i]!);
    tiered.l1.set(keys[i]!, values[i]!);
  }
  // Raw = the wrapper's own instance: same options, entries and memory.
  const raw: LRUCache<string, object> = wrapped.lru;
  const rawL1: LRUCache<string, object> = tiered.l1.lru;
  let sink = 0;
  try {
    const results = [
      await pairedRounds(
        'instrumented',
        {
          raw: [
            'lru-cache get (raw)',
            () => {
              for (let i = 0; i < GET_BATCH; i++) if (raw.get(lookups[i]!) !== undefined) sink++;
            },
          ],
          wrapped: [
            'InstrumentedLruCache get',
            () => {
              for (let i = 0; i < GET_BATCH; i++) if (wrapped.get(lookups[i]!) !== undefined) sink++;
            },
          ],
        },
        rounds,
        roundMs,
      ),
      await pairedRounds(
        'tiered',
        {
          raw: [
            'lru-cache get (raw, awaited)',
            async () => {
              for (let i = 0; i < GET_BATCH; i++) if ((await rawL1.get(hitLookups[i]!)) !== undefined) sink++;
            },
          ],
          wrapped: [
            'TieredCache get (L1 hits, awaited)',
            async () => {
              for (let i = 0; i < GET_BATCH; i++) if ((await tiered.get(hitLookups[i]!)) !== undefined) sink++;
            },
          ],
        },
        rounds,
        roundMs,
      ),
    ];
    // Most lookups hit: loops that found nothing were not measuring `get`.
    if (sink === 0) throw new Error('get throughput: no lookup hit; the benchmark measured nothing');
    return results;
  } finally {
    await tiered.close();
  }
}

/** Options of {@link measureGetPairs}. */
export interface MeasureGetPairsOptions {
  /** Fresh processes, run one after another. @default 5 */
  readonly processes?: number;
  /** Paired rounds per process. @default 7 */
  readonly rounds?: number;
  /** The compiled child script. @default `get-throughput-child.js` beside this module */
  readonly childScript?: string;
}

/**
 * Runs {@link measureGetPairsInProcess} in `processes` fresh Node processes, one after another;
 * one array of pair results per process.
 */
export async function measureGetPairs(options: MeasureGetPairsOptions = {}): Promise<GetPairResult[][]> {
  const processes = options.processes ?? 5;
  const rounds = options.rounds ?? 7;
  if (!Number.isInteger(processes) || processes < 1) throw new TypeError(`processes must be a positive integer, got ${processes}`);
  const child = options.childScript ?? fileURLToPath(new URL('./get-throughput-child.js', import.meta.url));
  const out: GetPairResult[][] = [];
  for (let p = 0; p < processes; p++) out.push(await runChild(child, rounds));
  return out;
}

function runChild(script: string, rounds: number): Promise<GetPairResult[]> {
  return new Promise((resolve, reject) => {
    let untrack = () => {};
    const child = execFile(process.execPath, [script, String(rounds)], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      untrack();
      if (err) reject(new Error(`get throughput child failed: ${err.message}\n${stderr}`, { cause: err }));
      else resolve(JSON.parse(stdout) as GetPairResult[]);
    });
    if (child.pid) untrack = trackPid(child.pid);
  });
}
