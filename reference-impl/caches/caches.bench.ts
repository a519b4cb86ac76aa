/**
 * Bench suite `caches`:
 * - the wrappers' `get` against raw `lru-cache` `get` in the same run (promise: the
 *   instrumented wrapper keeps ≥ 90% of raw throughput);
 * - the entry sizers' cost: {@link estimateHeapBytes} beside the seed's `JSON.stringify`;
 * - the sizers' accuracy against heap measured after forced GC in a child process (notes).
 *
 * `get` is far below timer resolution, so every task iteration performs {@link BATCH} lookups
 * over a fixed key sequence (90% hits) and throughput is reported per lookup.
 */
import type { LRUCache } from 'lru-cache';
import { Bench } from 'tinybench';
import { benchCheck, type BenchRow, type BenchSuite, medianRow } from '../../harness/bench/bench-suite.js';
import { median } from '../../harness/results/summarize.js';
import { measureEntryHeap } from './entry-heap-probe.js';
import { ENTRY_SAMPLE_KINDS, entrySample } from './entry-samples.js';
import { InstrumentedLruCache } from './instrumented-lru-cache.js';
import { estimateHeapBytes, jsonLengthBytes } from './size-estimator.js';
import { TenantMemoryCache } from './tenant-memory-cache.js';
import { TieredCache } from './tiered-cache.js';

const BATCH = 1000;
const ENTRIES = 10_000;
/**
 * Rounds of the raw-vs-wrapper pair, alternating which runs first; the median ratio is checked.
 * Single rounds swing by ±20% with JIT tiering and other load on the machine (measured on a
 * loaded 2-core box: medians 0.89–1.0 from run to run for an overhead of one branch and one
 * increment).
 */
const ROUNDS = 11;

function row(name: string, task: { result: unknown }, perIteration: number, unit: string): BenchRow {
  const r = task.result as { state: string; throughput?: { p50: number; rme: number; samplesCount: number } };
  if (r.state !== 'completed' || !r.throughput) throw new Error(`bench task "${name}" did not complete (${r.state})`);
  return { name, throughput: r.throughput.p50 * perIteration, unit, rmePercent: r.throughput.rme, samples: r.throughput.samplesCount };
}



const suite: BenchSuite = {
  name: 'caches',
  services: [],
  async run(ctx) {
    const values = Array.from({ length: ENTRIES }, (_, i) => entrySample('user-profile', i) as object);
    const keys = Array.from({ length: ENTRIES }, (_, i) => `user-${i}`);
    // 90% hits, 10% misses, in a fixed scattered order.
    const lookups = Array.from({ length: BATCH }, (_, i) => (i % 10 === 9 ? `absent-${i}` : keys[(i * 7919) % ENTRIES]!));
    const wrapped = new InstrumentedLruCache<string, object>({ max: ENTRIES, maxSizeBytes: 64 * 1024 * 1024, ttlMs: 3_600_000 });
    for (let i = 0; i < ENTRIES; i++) wrapped.set(keys[i]!, values[i]!);
    // Raw = the wrapper's own lru-cache instance: same options, same entries, same memory, so
    // the ratio is what the wrapper's code adds to each `get` and nothing else.
    const raw: LRUCache<string, object> = wrapped.lru;
    let sink = 0;

    ctx.log('caches: get throughput (raw lru-cache vs wrappers)…');
    const rows: BenchRow[] = [];
    const ratios: number[] = [];
    const rawGet = () => {
      for (let i = 0; i < BATCH; i++) if (raw.get(lookups[i]!) !== undefined) sink++;
    };
    const wrappedGet = () => {
      for (let i = 0; i < BATCH; i++) if (wrapped.get(lookups[i]!) !== undefined) sink++;
    };
    const rawRounds: BenchRow[] = [];
    const wrappedRounds: BenchRow[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const bench = new Bench({ time: 150, warmupTime: 50 });
      const rawFirst = round % 2 === 1;
      if (rawFirst) bench.add('raw', rawGet).add('wrapped', wrappedGet);
      else bench.add('wrapped', wrappedGet).add('raw', rawGet);
      await bench.run();
      const rawRow = row('lru-cache get (raw)', bench.getTask('raw')!, BATCH, 'gets/s');
      const wrappedRow = row('InstrumentedLruCache get', bench.getTask('wrapped')!, BATCH, 'gets/s');
      rawRounds.push(rawRow);
      wrappedRounds.push(wrappedRow);
      ratios.push(wrappedRow.throughput / rawRow.throughput);
    }
    rows.push(medianRow(rawRounds), medianRow(wrappedRounds));

    // The other caches are built only now: more lru-cache instances alive during the paired
    // rounds above change V8's inline caches inside lru-cache's get, for raw and wrapper alike.
    const tenants = new TenantMemoryCache<object>({ maxBytesPerTenant: 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 });
    const tiered = new TieredCache<object>({ load: async () => undefined, l1MaxEntries: ENTRIES, l1MaxSizeBytes: 64 * 1024 * 1024 });
    for (let i = 0; i < ENTRIES; i++) {
      tenants.set(i % 100, keys[i]!, values[i]!);
      tiered.l1.set(keys[i]!, values[i]!);
    }
    const others = new Bench({ time: 400, warmupTime: 100 });
    others.add('TenantMemoryCache get', () => {
      for (let i = 0; i < BATCH; i++) if (tenants.get((i * 7919) % 100, lookups[i]!) !== undefined) sink++;
    });
    others.add('TieredCache get (L1 hits, awaited)', async () => {
      for (let i = 0; i < BATCH; i++) if ((await tiered.get(keys[(i * 7919) % ENTRIES]!)) !== undefined) sink++;
    });
    await others.run();
    rows.push(row('TenantMemoryCache get', others.tasks[0]!, BATCH, 'gets/s'), row('TieredCache get (L1 hits, awaited)', others.tasks[1]!, BATCH, 'gets/s'));

    ctx.log('caches: sizer cost…');
    const samples = ENTRY_SAMPLE_KINDS.flatMap((kind) => Array.from({ length: 200 }, (_, i) => entrySample(kind, i)));
    const sizers = new Bench({ time: 400, warmupTime: 100 });
    sizers.add('estimateHeapBytes (mixed seed entries)', () => {
      for (const s of samples) sink += estimateHeapBytes(s);
    });
    sizers.add('JSON.stringify(v).length (seed sizer)', () => {
      for (const s of samples) sink += jsonLengthBytes(s);
    });
    await sizers.run();
    const estimateRow = row('estimateHeapBytes (mixed seed entries)', sizers.tasks[0]!, samples.length, 'entries/s');
    const jsonRow = row('JSON.stringify(v).length (seed sizer)', sizers.tasks[1]!, samples.length, 'entries/s');
    rows.push(estimateRow, jsonRow);

    ctx.log('caches: sizer accuracy against real heap (child process, forced GC)…');
    const accuracy = await measureEntryHeap({ count: 20_000 });
    const notes = accuracy.map(
      (a) =>
        `${a.kind}: heap ${a.heapBytesPerEntry} B/entry; estimate ${a.estimateBytesPerEntry} B (${pct(a.estimateError)}); ` +
        `JSON length ${a.jsonBytesPerEntry} (${pct(a.jsonError)})`,
    );
    const meanAbs = (f: (a: (typeof accuracy)[number]) => number) => accuracy.reduce((s, a) => s + Math.abs(f(a)), 0) / accuracy.length;
    notes.push(
      `mean |error| vs heap: estimate ${(100 * meanAbs((a) => a.estimateError)).toFixed(1)}%, JSON length ${(100 * meanAbs((a) => a.jsonError)).toFixed(1)}%`,
      `wrapper/raw get ratios per round: ${ratios.map((r) => r.toFixed(3)).join(', ')} (median checked)`,
      `sink ${sink > 0 ? 'ok' : 'empty'}`,
    );
    await tiered.close();
    return {
      rows,
      checks: [
        benchCheck('InstrumentedLruCache get / raw lru-cache get (median of rounds)', median(ratios), '>=', 0.9),
        benchCheck('estimateHeapBytes / JSON.stringify throughput', estimateRow.throughput / jsonRow.throughput, '>=', 1),
      ],
      notes,
    };
  },
};

function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
}

export default suite;
