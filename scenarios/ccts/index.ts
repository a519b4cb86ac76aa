/**
 * Scenario `ccts` (seed 000): mapping CCT claves to entity ids for a stream of 500,000
 * participant records, Zipf-distributed over the catalogue plus 5 % claves that exist nowhere.
 *
 * - `before`: the seed's starting point: the whole export read from S3 into one string, parsed
 *   at once into row objects, kept in a `Map<clave, row>` (~360 B per CCT).
 * - `preload`: the export streamed from S3 through `csv-parse` into the packed index
 *   (`CCTsManager` in pre-load mode, ~13 B per CCT).
 * - `on-demand`: no export at all; each unique clave asked once of the Strapi-like lookup API
 *   (PostgreSQL behind it, started by `fixtures`), answers cached.
 *
 * Every variant keeps its structure reachable after `run` (a Lambda keeps it between
 * invocations), so `retainedHeapBytes` is its cost. The packed index lives in ArrayBuffers,
 * which V8's heap figures do not count: `bytesPerRecord` is heap **plus** ArrayBuffer bytes
 * retained, measured inside `run` after forced GCs, and it is what the ≤ 16 B goal applies to.
 */
import { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  type Counters,
  defineScenario,
  type FixtureContext,
  type Fixtures,
  type JsonValue,
  type RunContext,
  type SeedContext,
  type SeedResult,
  type VariantDefinition,
} from 'heapgate';
import { s3ClientFor } from 'heapgate/services';
import { CCTsManager } from '../../reference-impl/ccts/ccts-manager.js';
import { estimatePreloadBytes, SEED_GUESSED_BYTES_PER_RECORD } from '../../reference-impl/ccts/cct-memory-estimator.js';
import type { CCTSource } from '../../reference-impl/ccts/cct-source.js';
import { decodeClave, encodeClave } from '../../reference-impl/ccts/clave.js';
import { buildCCTMapNaive, lookupCCTNaive, type CCTRowNaive } from '../../reference-impl/ccts/cct-map-naive.js';
import { S3CCTSource } from '../../reference-impl/ccts/s3-cct-source.js';
import type { CCTsDataset } from './dataset.js';
import { readRetained, retainedBetween, type RetainedReading } from './memory.js';
import { generateCCTCsvLines } from './rows.js';
import { buildCCTWorkload, replayCCTWorkload, type CCTReplayResult, type CCTWorkload } from './workload.js';

const SEED = 'seed 000';
const ISSUE = 'issue 4 (CCT manager)';
/** Lookups in flight at once in the replay: participants are processed concurrently. */
const CONCURRENCY = 32;
/** Claves of the on-demand warm-up: entidad 99, in no catalogue (`99AAA0000A` onwards). */
const WARM_UP_CODE_BASE = encodeClave('99AAA0000A');

function datasetOf(ctx: RunContext): CCTsDataset {
  const d = ctx.dataset as { [key: string]: JsonValue } | null;
  if (!d || typeof d.bucket !== 'string' || typeof d.key !== 'string' || typeof d.table !== 'string') {
    throw new Error('ccts: ctx.dataset is not a CCT data set (did seed() run?)');
  }
  return d as CCTsDataset;
}

function lookupApiUrlOf(ctx: RunContext): string {
  const f = ctx.fixtures as { lookupApiUrl?: JsonValue } | null;
  if (!f || typeof f.lookupApiUrl !== 'string') throw new Error('ccts: ctx.fixtures has no lookupApiUrl (did fixtures() run?)');
  return f.lookupApiUrl;
}

function s3ClientOf(ctx: RunContext): S3Client {
  if (!ctx.services.s3) throw new Error('ccts: needs the s3 service');
  return s3ClientFor(ctx.services.s3);
}

/** A small export in memory, to run the loader's code once in setup (compiled before measuring). */
function warmUpSource(): CCTSource {
  const text = `${[...generateCCTCsvLines(2000)].join('\n')}\n`;
  return {
    description: 'memory:warm-up',
    open: async () => ({ body: Readable.from([Buffer.from(text)]), sizeBytes: Buffer.byteLength(text) }),
  };
}

/** Reads a range of the real object (unmeasured): compiles the SDK's GetObject path, opens a connection. */
async function warmUpS3(client: S3Client, dataset: CCTsDataset): Promise<void> {
  const res = await client.send(new GetObjectCommand({ Bucket: dataset.bucket, Key: dataset.key, Range: 'bytes=0-65535' }));
  await res.Body!.transformToByteArray();
}

/**
 * The seed's naive read: the whole object as one string. A function of its own so the response
 * (and the stream buffers it references) is unreachable once the text is returned.
 */
async function readWholeExport(client: S3Client, dataset: CCTsDataset): Promise<string> {
  const res = await client.send(new GetObjectCommand({ Bucket: dataset.bucket, Key: dataset.key }));
  return res.Body!.transformToString('utf-8');
}

/** Counters every variant reports. */
function commonCounters(
  ctx: RunContext,
  workload: CCTWorkload,
  replay: CCTReplayResult,
  replayMs: number,
  retained: ReturnType<typeof retainedBetween>,
): Counters {
  return {
    lookups: workload.stream.length,
    uniqueClaves: workload.uniqueClaves,
    uniqueUnknownClaves: workload.uniqueUnknownClaves,
    unknownLookups: workload.unknownLookups,
    found: replay.found,
    notFound: replay.notFound,
    wrongAnswers: replay.wrongAnswers,
    lookupErrors: replay.errors,
    lookupsPerSecond: replayMs > 0 ? workload.stream.length / (replayMs / 1000) : 0,
    measuredBytes: retained.totalBytes,
    bytesPerRecord: retained.totalBytes / ctx.records,
    heapBytesPerRecord: retained.heapBytes / ctx.records,
    externalBytesPerRecord: retained.externalBytes / ctx.records,
    codeBytesRetained: retained.codeBytes,
  };
}

interface BeforeState {
  readonly client: S3Client;
  readonly workload: CCTWorkload;
  map?: Map<string, CCTRowNaive>;
}

const before: VariantDefinition<BeforeState> = {
  summary: 'Whole export read from S3 into a string, parsed at once, Map<clave, full row> (seed 000 before)',
  async setup(ctx) {
    const dataset = datasetOf(ctx);
    const client = s3ClientOf(ctx);
    await warmUpS3(client, dataset);
    buildCCTMapNaive([...generateCCTCsvLines(200)].join('\n'));
    return { client, workload: buildCCTWorkload(ctx.records) };
  },
  async run(ctx, state) {
    const dataset = datasetOf(ctx);
    const start: RetainedReading = await readRetained();
    const t0 = performance.now();
    const map = buildCCTMapNaive(await readWholeExport(state.client, dataset));
    const loadTimeMs = performance.now() - t0;
    state.map = map;
    const t1 = performance.now();
    const replay = await replayCCTWorkload(state.workload, (clave) => lookupCCTNaive(map, clave), { concurrency: CONCURRENCY });
    const replayMs = performance.now() - t1;
    const retained = retainedBetween(start, await readRetained());
    // The seed's own estimate ("~100 bytes per CCT record") against what the Map really costs.
    const estimatedBytes = SEED_GUESSED_BYTES_PER_RECORD * ctx.records;
    return {
      ...commonCounters(ctx, state.workload, replay, replayMs, retained),
      recordsLoaded: map.size,
      loadTimeMs,
      apiCalls: 0,
      hitRate: 1,
      estimatedBytes,
      estimateError: Math.abs(estimatedBytes - retained.totalBytes) / retained.totalBytes,
    };
  },
  teardown(_ctx, state) {
    state.map = undefined;
    state.client.destroy();
  },
};

interface ManagerState {
  readonly workload: CCTWorkload;
  readonly client?: S3Client;
  manager?: CCTsManager;
}

const preload: VariantDefinition<ManagerState> = {
  summary: 'CCTsManager pre-load: S3 export streamed through csv-parse into the packed index (~13 B/CCT)',
  async setup(ctx) {
    const dataset = datasetOf(ctx);
    const client = s3ClientOf(ctx);
    await warmUpS3(client, dataset);
    const warm = new CCTsManager({ source: warmUpSource(), mode: 'preload' });
    await warm.initialize();
    await warm.lookup('09DPR0001A');
    await warm.close();
    return { client, workload: buildCCTWorkload(ctx.records) };
  },
  async run(ctx, state) {
    const dataset = datasetOf(ctx);
    const start = await readRetained();
    const manager = new CCTsManager({
      source: new S3CCTSource({ client: state.client!, bucket: dataset.bucket, key: dataset.key }),
      mode: 'preload',
    });
    state.manager = manager;
    await manager.initialize();
    const t1 = performance.now();
    const replay = await replayCCTWorkload(state.workload, (clave) => manager.lookup(clave), { concurrency: CONCURRENCY });
    const replayMs = performance.now() - t1;
    const retained = retainedBetween(start, await readRetained());
    const stats = manager.getStats();
    // What the estimator predicts for the records actually loaded, and what the decision used
    // (records estimated from the object's size before loading).
    const estimatedBytes = stats.estimatedBytes ?? estimatePreloadBytes(stats.recordsLoaded);
    return {
      ...commonCounters(ctx, state.workload, replay, replayMs, retained),
      preloaded: stats.mode === 'preload' ? 1 : 0,
      recordsLoaded: stats.recordsLoaded,
      estimatedRecords: stats.estimatedRecords ?? -1,
      loadTimeMs: stats.loadTimeMs,
      indexBytes: stats.memoryUsedBytes,
      apiCalls: stats.apiCalls,
      hits: stats.hits,
      negativeHits: stats.negativeHits,
      hitRate: stats.hitRate,
      estimatedBytes,
      estimateError: Math.abs(estimatedBytes - retained.totalBytes) / retained.totalBytes,
      modelError: Math.abs(estimatePreloadBytes(stats.recordsLoaded) - retained.totalBytes) / retained.totalBytes,
      malformedRows: stats.csv?.malformedRows ?? -1,
      duplicateClaves: stats.csv?.duplicateClaves ?? -1,
    };
  },
  async teardown(_ctx, state) {
    await state.manager?.close();
    state.client?.destroy();
  },
};

const onDemand: VariantDefinition<ManagerState> = {
  summary: 'CCTsManager on-demand: one lookup-API call per unique clave, bounded LRU caches (found and not found)',
  async setup(ctx) {
    const lookupApiUrl = lookupApiUrlOf(ctx);
    // Unmeasured: compiles the fetch path and opens as many keep-alive connections as the
    // replay keeps in flight, so `run` retains the caches, not the connection pool.
    const warm = new CCTsManager({ mode: 'on-demand', lookupApiUrl });
    const claves = Array.from({ length: CONCURRENCY * 4 }, (_, i) => decodeClave(WARM_UP_CODE_BASE + i));
    await replayCCTWorkload(
      {
        codes: Float64Array.from(claves, (c) => encodeClave(c)),
        knownCount: 0,
        stream: Uint32Array.from(claves, (_, i) => i),
        uniqueClaves: claves.length,
        uniqueUnknownClaves: claves.length,
        unknownLookups: claves.length,
      },
      (clave) => warm.lookup(clave),
      { concurrency: CONCURRENCY },
    );
    await warm.close();
    return { workload: buildCCTWorkload(ctx.records) };
  },
  async run(ctx, state) {
    const start = await readRetained();
    const manager = new CCTsManager({ mode: 'on-demand', lookupApiUrl: lookupApiUrlOf(ctx) });
    state.manager = manager;
    const t1 = performance.now();
    const replay = await replayCCTWorkload(state.workload, (clave) => manager.lookup(clave), { concurrency: CONCURRENCY });
    const replayMs = performance.now() - t1;
    const retained = retainedBetween(start, await readRetained());
    const stats = manager.getStats();
    return {
      ...commonCounters(ctx, state.workload, replay, replayMs, retained),
      apiCalls: stats.apiCalls,
      apiCallsPerUniqueClave: stats.apiCalls / state.workload.uniqueClaves,
      apiErrors: stats.apiErrors,
      inflightJoins: stats.inflightJoins,
      hits: stats.hits,
      negativeHits: stats.negativeHits,
      hitRate: stats.hitRate,
      cachedClaves: stats.cachedClaves + stats.negativeCachedClaves,
      bytesPerCachedClave: retained.totalBytes / Math.max(1, stats.cachedClaves + stats.negativeCachedClaves),
    };
  },
  async teardown(_ctx, state) {
    await state.manager?.close();
  },
};

export default defineScenario({
  name: 'ccts',
  summary: 'CCT clave → id for 500k participant lookups: Map of full rows vs packed pre-load index vs on-demand API (seed 000)',
  source: 'seed 000 CCTs Memory-Efficient Implementation; issue 4',
  defaultRecords: 270_000,
  sweep: [1_000, 10_000, 100_000, 270_000],
  services: ['postgres', 's3'],
  async seed(ctx: SeedContext): Promise<SeedResult> {
    // Imported here: the measured child never seeds, and must not load the generator's deps.
    const { seedCCTsDataset } = await import('./dataset.js');
    const { postgres, s3 } = ctx.services;
    if (!postgres || !s3) throw new Error('ccts: needs the postgres and s3 services');
    return seedCCTsDataset({ records: ctx.records, postgres, s3, log: (m) => ctx.log(m) });
  },
  async fixtures(ctx: FixtureContext): Promise<Fixtures> {
    const { startLookupApiServer } = await import('../../reference-impl/ccts/lookup-api-server.js');
    const postgres = ctx.services.postgres;
    if (!postgres) throw new Error('ccts: needs the postgres service');
    const table = (ctx.dataset as { table?: JsonValue } | null)?.table;
    if (typeof table !== 'string') throw new Error('ccts: the data set names no table');
    const api = await startLookupApiServer({ connectionString: postgres.connectionString, table });
    ctx.log(`ccts: lookup API for ${table} on ${api.url}`);
    return { values: { lookupApiUrl: api.url }, stop: () => api.close() };
  },
  variants: { before, preload, 'on-demand': onDemand },
  targets: [
    {
      variant: 'preload',
      records: 270_000,
      metric: 'counters.bytesPerRecord',
      max: 16,
      source: `${ISSUE} §The memory goal: ≤ 16 bytes per record (heap + ArrayBuffers)`,
    },
    // From 100k records: below that the whole index (13 KB at 1k, 130 KB at 10k) is the size
    // of the run-to-run noise of compiled code a run retains (±100 KB).
    ...[100_000, 270_000].map((records) => ({
      variant: 'preload',
      records,
      metric: 'counters.estimateError' as const,
      max: 0.15,
      source: `${ISSUE} §Reference implementation: estimator within 15% of measured`,
    })),
    {
      variant: 'preload',
      records: 270_000,
      metric: 'counters.loadTimeMs',
      max: 1500,
      source: `${ISSUE} §The memory goal: full load from a 270k-row CSV in ≤ 1.5 s`,
    },
    {
      variant: 'on-demand',
      metric: 'counters.apiCallsPerUniqueClave',
      max: 1,
      source: `${SEED} §Performance Characteristics: API calls, 1 per unique CCT (cached thereafter)`,
    },
    {
      variant: 'preload',
      metric: 'counters.apiCalls',
      max: 0,
      source: `${SEED} §Performance Characteristics: pre-loading, 0 API calls during processing`,
    },
    { variant: 'before', metric: 'counters.wrongAnswers', max: 0, source: `${ISSUE}: every variant maps each clave to its id` },
    { variant: 'preload', metric: 'counters.wrongAnswers', max: 0, source: `${ISSUE}: every variant maps each clave to its id` },
    { variant: 'on-demand', metric: 'counters.wrongAnswers', max: 0, source: `${ISSUE}: every variant maps each clave to its id` },
  ],
  budgets: [
    { variant: 'preload', records: 270_000, thresholds: { 'counters.bytesPerRecord': '<=16', retainedHeapBytes: '<1MB' }, suites: ['ci'] },
    // Load peak: csv-parse's garbage between scavenges plus the builder's growth slack (external).
    { variant: 'preload', thresholds: { heapDeltaBytes: '<48MB', 'counters.lookupErrors': '<=0' }, suites: ['ci'] },
    // Live, not peak: ~100k fetch calls leave ~150 MB of short-lived garbage when V8 has the
    // room (peak heap Δ), ~40 MB under --max-heap 128; what stays alive is the caches (~150 B per
    // cached clave) and the connection pool.
    {
      variant: 'on-demand',
      thresholds: { 'counters.apiCallsPerUniqueClave': '<=1', 'counters.lookupErrors': '<=0', liveHeapDeltaBytes: '<48MB' },
      suites: ['ci'],
    },
    { variant: 'on-demand', records: 270_000, thresholds: { retainedHeapBytes: '<32MB' } },
  ],
  counters: {
    bytesPerRecord: { label: 'B/record (heap+ext)', unit: 'bytes', key: true },
    apiCalls: { label: 'API calls', unit: 'count', key: true },
    uniqueClaves: { label: 'unique claves', unit: 'count', key: true },
    hitRate: { label: 'hit rate', unit: 'ratio', key: true },
    negativeHits: { label: 'negative hits', unit: 'count', key: true },
    estimateError: { label: 'estimate error', unit: 'ratio', key: true },
    malformedRows: { label: 'malformed rows', unit: 'count', key: true },
    loadTimeMs: { label: 'load', unit: 'ms', key: true },
    heapBytesPerRecord: { label: 'heap B/record', unit: 'bytes' },
    externalBytesPerRecord: { label: 'ArrayBuffer B/record', unit: 'bytes' },
    measuredBytes: { label: 'retained (heap+ext)', unit: 'bytes' },
    codeBytesRetained: { label: 'compiled code retained', unit: 'bytes' },
    modelError: { label: 'estimator error at loaded records', unit: 'ratio' },
    estimatedBytes: { label: 'estimated', unit: 'bytes' },
    estimatedRecords: { label: 'estimated records', unit: 'count' },
    indexBytes: { label: 'index bytes', unit: 'bytes' },
    recordsLoaded: { label: 'records loaded', unit: 'count' },
    preloaded: { label: 'pre-loaded (1 = yes)', unit: 'count' },
    duplicateClaves: { label: 'duplicate claves', unit: 'count' },
    lookups: { label: 'lookups', unit: 'count' },
    uniqueUnknownClaves: { label: 'unique unknown claves', unit: 'count' },
    unknownLookups: { label: 'unknown lookups', unit: 'count' },
    found: { label: 'found', unit: 'count' },
    notFound: { label: 'not found', unit: 'count' },
    wrongAnswers: { label: 'wrong answers', unit: 'count' },
    lookupErrors: { label: 'lookup errors', unit: 'count' },
    lookupsPerSecond: { label: 'lookups/s', unit: 'per-second' },
    apiCallsPerUniqueClave: { label: 'API calls per unique clave', unit: 'ratio' },
    apiErrors: { label: 'API errors', unit: 'count' },
    inflightJoins: { label: 'in-flight joins', unit: 'count' },
    hits: { label: 'hits', unit: 'count' },
    cachedClaves: { label: 'cached claves', unit: 'count' },
    bytesPerCachedClave: { label: 'B per cached clave', unit: 'bytes' },
  },
});
