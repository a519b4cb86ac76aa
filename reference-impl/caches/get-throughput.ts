/**
 * `get` throughput of {@link InstrumentedLruCache} beside raw `lru-cache` `get` on the very same
 * `lru-cache` instance (same options, entries and memory), for the `caches` bench suite.
 *
 * Why several processes: the two loops differ by one call level, and whether V8 inlines
 * lru-cache's `get` through the wrapper depends on its cumulative inlining budget
 * (`--max-inlined-bytecode-size-cumulative`), which both paths sit close to. That decision is
 * made once per process, so rounds inside one process agree with each other while processes
 * differ (measured: per-process medians 0.92–0.99 with rounds within ±1% of their process).
 * Alternating rounds cancel machine load inside a process; the median over fresh processes
 * samples V8's decisions instead of reporting one of them.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LRUCache } from 'lru-cache';
import { Bench } from 'tinybench';
import { type BenchRow, taskRow } from '../../harness/bench/bench-suite.js';
import { trackPid } from '../../harness/services/cleanup.js';
import { median } from '../../harness/results/summarize.js';
import { entrySample } from './entry-samples.js';
import { InstrumentedLruCache } from './instrumented-lru-cache.js';

/** Lookups per task iteration: one `get` is far below timer resolution. */
export const GET_BATCH = 1000;
/** Entries in the cache; lookups hit 90% of the time. */
export const GET_ENTRIES = 10_000;

/** One process's paired rounds. */
export interface GetPairResult {
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

/**
 * Runs `rounds` raw/wrapper pairs in this process, alternating which task runs first.
 * Builds its own cache and lookup sequence (90% hits, 10% misses, scattered order).
 */
export async function measureGetPairInProcess(rounds: number, roundMs = 150): Promise<GetPairResult> {
  if (!Number.isInteger(rounds) || rounds < 1) throw new TypeError(`rounds must be a positive integer, got ${rounds}`);
  const keys = Array.from({ length: GET_ENTRIES }, (_, i) => `user-${i}`);
  const lookups = Array.from({ length: GET_BATCH }, (_, i) => (i % 10 === 9 ? `absent-${i}` : keys[(i * 7919) % GET_ENTRIES]!));
  const wrapped = new InstrumentedLruCache<string, object>({ max: GET_ENTRIES, maxSizeBytes: 64 * 1024 * 1024, ttlMs: 3_600_000 });
  for (let i = 0; i < GET_ENTRIES; i++) wrapped.set(keys[i]!, entrySample('user-profile', i) as object);
  // Raw = the wrapper's own instance, so the ratio is what the wrapper's code adds to `get`.
  const raw: LRUCache<string, object> = wrapped.lru;
  let sink = 0;
  const rawGet = () => {
    for (let i = 0; i < GET_BATCH; i++) if (raw.get(lookups[i]!) !== undefined) sink++;
  };
  const wrappedGet = () => {
    for (let i = 0; i < GET_BATCH; i++) if (wrapped.get(lookups[i]!) !== undefined) sink++;
  };
  const rawRounds: BenchRow[] = [];
  const wrappedRounds: BenchRow[] = [];
  const ratios: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const bench = new Bench({ time: roundMs, warmupTime: roundMs / 3 });
    if (round % 2 === 1) bench.add('raw', rawGet).add('wrapped', wrappedGet);
    else bench.add('wrapped', wrappedGet).add('raw', rawGet);
    await bench.run();
    const rawRow = taskRow('lru-cache get (raw)', bench.getTask('raw'), GET_BATCH, 'gets/s');
    const wrappedRow = taskRow('InstrumentedLruCache get', bench.getTask('wrapped'), GET_BATCH, 'gets/s');
    rawRounds.push(rawRow);
    wrappedRounds.push(wrappedRow);
    ratios.push(wrappedRow.throughput / rawRow.throughput);
  }
  // 90% of lookups hit: a loop that found nothing was not measuring `get`.
  if (sink === 0) throw new Error('get throughput: no lookup hit; the benchmark measured nothing');
  return { raw: medianRound(rawRounds), wrapped: medianRound(wrappedRounds), ratios, medianRatio: median(ratios) };
}

/** Options of {@link measureGetPair}. */
export interface MeasureGetPairOptions {
  /** Fresh processes, run one after another. @default 5 */
  readonly processes?: number;
  /** Paired rounds per process. @default 7 */
  readonly rounds?: number;
  /** The compiled child script. @default `get-throughput-child.js` beside this module */
  readonly childScript?: string;
}

/** Runs {@link measureGetPairInProcess} in `processes` fresh Node processes, sequentially. */
export async function measureGetPair(options: MeasureGetPairOptions = {}): Promise<GetPairResult[]> {
  const processes = options.processes ?? 5;
  const rounds = options.rounds ?? 7;
  if (!Number.isInteger(processes) || processes < 1) throw new TypeError(`processes must be a positive integer, got ${processes}`);
  const child = options.childScript ?? fileURLToPath(new URL('./get-throughput-child.js', import.meta.url));
  const out: GetPairResult[] = [];
  for (let p = 0; p < processes; p++) out.push(await runChild(child, rounds));
  return out;
}

function runChild(script: string, rounds: number): Promise<GetPairResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [script, String(rounds)], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      untrack();
      if (err) reject(new Error(`get throughput child failed: ${err.message}\n${stderr}`, { cause: err }));
      else resolve(JSON.parse(stdout) as GetPairResult);
    });
    const untrack = child.pid ? trackPid(child.pid) : () => {};
  });
}
