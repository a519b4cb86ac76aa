/**
 * One reference-service process for the `reference-service` bench: the service over the seeded
 * data on 127.0.0.1, with heapgate's heap probe running (`HEAPGATE_BENCH_PROBE=1`: the probe a
 * measured child runs — GC profiler, GC observer, 20 ms sampler) or not. Prints its URL on stdout,
 * serves until its parent disconnects.
 */
import pg from 'pg';
import { HeapProbe } from '../harness/probe/heap-probe.js';
import { createReferenceService } from '../reference-impl/service/create-reference-service.js';
import { CONTACTS_REFERENCE_TIME_MS } from '../scenarios/datasets/contacts-dataset.js';

const connectionString = process.env.HEAPGATE_BENCH_PG_URL;
if (!connectionString) throw new Error('HEAPGATE_BENCH_PG_URL is not set');
const pool = new pg.Pool({ connectionString, max: 10 });
const app = await createReferenceService({ pool, suggestions: 'streaming', clock: () => CONTACTS_REFERENCE_TIME_MS });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
if (process.env.HEAPGATE_BENCH_PROBE === '1') new HeapProbe({ sampleIntervalMs: 20 }).begin();
process.send?.({ url });
process.once('disconnect', () => {
  void app.close().finally(() => pool.end().finally(() => process.exit(0)));
});
