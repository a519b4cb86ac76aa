/**
 * Bench suite `ccts-index` (issue 4 §The memory goal):
 * - lookups/s of the packed pre-load index beside a `Map<string, number>` holding the same
 *   270,000 claves, in the same run (promise: the index does ≥ 5 million lookups/s);
 * - a full load of a 270,000-row export from a local CSV through `csv-parse` into the index
 *   (promise: ≤ 1.5 s, median of several loads).
 *
 * Lookups are far below timer resolution, so each task iteration performs {@link BATCH} lookups
 * over a fixed sequence of clave strings (95% present, 5% absent). Both structures see the same
 * string objects; the `Map` profits from V8 caching each string's hash after its first use,
 * the index re-encodes the clave on every call (as it must for freshly parsed input).
 *
 * The data comes from the `ccts` scenario's generator (scenarios/ccts/rows.ts), so the bench and the
 * scenario measure the same catalogue.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Bench } from 'tinybench';
import { benchCheck, type BenchRow, type BenchSuite, medianRow, taskRow } from './bench-suite.js';
import { median } from '../harness/results/summarize.js';
import { generateCCTCsvLines, generateKnownCCTCodes, generateUnknownCCTCodes } from '../scenarios/ccts/rows.js';
import { decodeClave } from '../reference-impl/ccts/clave.js';
import { loadCCTIndexFromCsv } from '../reference-impl/ccts/cct-csv-loader.js';
import { PackedCCTIndexBuilder } from '../reference-impl/ccts/packed-cct-index-builder.js';

const RECORDS = 270_000;
const BATCH = 10_000;
/** Rounds of the index-vs-Map pair, alternating which runs first; the median is reported. */
const ROUNDS = 7;
/** Full loads timed (after one warm-up load). */
const LOADS = 5;
const MIN_LOOKUPS_PER_SECOND = 5_000_000;
const MAX_LOAD_MS = 1500;

const suite: BenchSuite = {
  name: 'ccts-index',
  services: [],
  async run(ctx) {
    ctx.log(`ccts-index: building ${RECORDS} claves…`);
    const codes = generateKnownCCTCodes(RECORDS);
    const unknown = generateUnknownCCTCodes(BATCH, RECORDS);
    const builder = new PackedCCTIndexBuilder({ expectedRecords: RECORDS });
    const map = new Map<string, number>();
    for (let i = 0; i < RECORDS; i++) {
      builder.add(codes[i]!, i + 1);
      map.set(decodeClave(codes[i]!), i + 1);
    }
    const index = builder.finish();
    // A scattered fixed sequence: 95% present, 5% absent.
    const lookups = Array.from({ length: BATCH }, (_, i) => decodeClave(i % 20 === 19 ? unknown[i]! : codes[(i * 7919 + 13) % RECORDS]!));
    let sink = 0;
    // Counts hits in a local, published once per batch: a captured variable written per lookup
    // costs a context store each time, and a sum of ids overflows small integers (a deopt).
    const indexGet = () => {
      let found = 0;
      for (let i = 0; i < BATCH; i++) if (index.get(lookups[i]!) >= 0) found++;
      sink += found;
    };
    const mapGet = () => {
      let found = 0;
      for (let i = 0; i < BATCH; i++) if (map.get(lookups[i]!) !== undefined) found++;
      sink += found;
    };
    // Both must agree before their speed means anything.
    for (const clave of lookups) {
      if (index.get(clave) !== (map.get(clave) ?? -1)) throw new Error(`ccts-index: index and Map disagree on ${clave}`);
    }

    ctx.log('ccts-index: lookups (packed index vs Map<string, number>)…');
    const indexRounds: BenchRow[] = [];
    const mapRounds: BenchRow[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const bench = new Bench({ time: 200, warmupTime: 50 });
      if (round % 2 === 1) bench.add('index', indexGet).add('map', mapGet);
      else bench.add('map', mapGet).add('index', indexGet);
      await bench.run();
      indexRounds.push(taskRow('PackedCCTIndex get', bench.getTask('index')!, BATCH, 'lookups/s'));
      mapRounds.push(taskRow('Map<string, number> get', bench.getTask('map')!, BATCH, 'lookups/s'));
    }
    const indexRow = medianRow(indexRounds);
    const mapRow = medianRow(mapRounds);

    ctx.log(`ccts-index: full loads of a ${RECORDS}-row CSV…`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-ccts-bench-'));
    const file = path.join(dir, 'ccts_export.csv');
    let loadMs: number[] = [];
    let report: Awaited<ReturnType<typeof loadCCTIndexFromCsv>>['report'] | undefined;
    try {
      fs.writeFileSync(file, `${[...generateCCTCsvLines(RECORDS)].join('\n')}\n`);
      for (let i = 0; i <= LOADS; i++) {
        const t0 = performance.now();
        const loaded = await loadCCTIndexFromCsv(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), { expectedRecords: RECORDS });
        const ms = performance.now() - t0;
        report = loaded.report;
        if (i > 0) loadMs.push(ms); // the first load compiles the parser: not counted
        sink += loaded.index.size;
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    loadMs = loadMs.sort((a, b) => a - b);
    const loadMedianMs = median(loadMs);
    const loadRow: BenchRow = {
      name: `full load, ${RECORDS}-row CSV → index (median of ${LOADS})`,
      throughput: RECORDS / (loadMedianMs / 1000),
      unit: 'rows/s',
      rmePercent: (100 * (loadMs[loadMs.length - 1]! - loadMs[0]!)) / 2 / loadMedianMs,
      samples: LOADS,
    };
    if (sink === Number.MIN_SAFE_INTEGER) ctx.log('unreachable'); // keeps `sink` observable

    return {
      rows: [indexRow, mapRow, loadRow],
      checks: [
        benchCheck('PackedCCTIndex lookups/s', Math.round(indexRow.throughput), '>=', MIN_LOOKUPS_PER_SECOND),
        benchCheck(`full load of ${RECORDS} rows, median ms`, Math.round(loadMedianMs), '<=', MAX_LOAD_MS),
      ],
      notes: [
        `index / Map lookups: ${(indexRow.throughput / mapRow.throughput).toFixed(2)}× (same run, same strings)`,
        `index holds ${index.size} claves in ${index.memoryBytes()} bytes (${(index.memoryBytes() / index.size).toFixed(2)} B/record, ArrayBuffers)`,
        `loads (ms): ${loadMs.map((ms) => ms.toFixed(0)).join(', ')}; export ${report?.bytesRead} bytes, ${report?.malformedRows} malformed rows, ${report?.duplicateClaves} duplicates`,
      ],
    };
  },
};

export default suite;
