/**
 * A function that runs a full garbage collection, for `MemoryPressureHandlerOptions.collectGarbage`.
 *
 * `globalThis.gc` exists only under `--expose-gc`. Without the flag, V8's flag can still be set
 * at run time and the function taken from a fresh context (`vm.runInNewContext('gc')`, the way
 * the `expose-gc` package does it): `v8.setFlagsFromString` affects contexts created after it,
 * and the caller's global object is left as it was. Node's documentation warns that changing V8
 * flags after start-up may behave unpredictably
 * (https://nodejs.org/api/v8.html#v8setflagsfromstringflags); `--expose-gc` only installs the
 * `gc` function in contexts made after it. The same two lines are how, for example, VS Code's
 * C/C++ extension collects garbage (microsoft/vscode-cpptools,
 * `Extension/src/Utility/System/garbageCollector.ts`).
 */
import { constants as perfConstants, type PerformanceEntry } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

let cached: (() => void) | undefined;

/**
 * The process's full-GC function: `globalThis.gc` when the process runs with `--expose-gc`,
 * else one obtained as described above (once, then reused). Each call blocks the event loop
 * for a whole mark-compact.
 */
export function fullGarbageCollector(): () => void {
  if (cached !== undefined) return cached;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') {
    cached = () => (exposed as () => void)();
    return cached;
  }
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as unknown;
  if (typeof gc !== 'function') throw new Error('could not obtain a garbage-collection function from V8 (--expose-gc)');
  cached = () => (gc as () => void)();
  return cached;
}

/** True for a `gc` performance entry of a full (mark-compact) collection. */
export function isFullCollection(entry: PerformanceEntry): boolean {
  // `detail.kind` since Node 16; `kind` on the entry itself before (deprecated).
  const kind =
    (entry as PerformanceEntry & { detail?: { kind?: number }; kind?: number }).detail?.kind ?? (entry as { kind?: number }).kind;
  return kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR;
}
