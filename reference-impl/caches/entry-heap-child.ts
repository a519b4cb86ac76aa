/**
 * Child entry of {@link measureEntryHeap}: run as `node --expose-gc entry-heap-child.js
 * <count> <kind>…`. Prints one JSON line (`EntryHeapMeasurement[]`) on stdout.
 * Not imported by anything; it has to run in a fresh process with `--expose-gc`.
 */
import { measureEntryHeapInProcess } from './entry-heap-probe.js';
import type { EntrySampleKind } from './entry-samples.js';

const [count, ...kinds] = process.argv.slice(2);
process.stdout.write(`${JSON.stringify(measureEntryHeapInProcess(kinds as EntrySampleKind[], Number(count)))}\n`);
