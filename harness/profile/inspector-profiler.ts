/**
 * Heap and CPU profiling of the measured phase inside the measured child, through Node's own
 * inspector (`node:inspector/promises`): started right before the first `run`, stopped right
 * after the last, written as JSON DevTools opens. Why not clinic or `--heap-prof`: see
 * `profile-kind.ts`.
 */
import { writeFile } from 'node:fs/promises';
import type { HeapProfiler } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import type { InspectorProfileKind } from './profile-kind.js';

/**
 * Bytes between heap samples (V8's default is 32 KiB). 4 KiB sees allocations a scenario makes
 * in the kilobytes, at a cost the profile run pays and the measured repeats do not.
 */
export const HEAP_SAMPLING_INTERVAL_BYTES = 4096;

/** A profiler started by {@link startInspectorProfile}; `stop` writes its profile. */
export interface RunningProfile {
  /** Stops the profiler and writes its profile to `file` (JSON). @returns `file` */
  stop(file: string): Promise<string>;
}

/**
 * Starts the `kind` profiler in this process. The heap profile keeps objects collected by
 * later GCs (`includeObjectsCollectedByMajorGC`/`…MinorGC`), so it shows where `run`
 * allocated, not only what survived it: a peak-heap budget is about the former.
 */
export async function startInspectorProfile(kind: InspectorProfileKind): Promise<RunningProfile> {
  const session = new Session();
  session.connect();
  if (kind === 'heap') {
    await session.post('HeapProfiler.enable');
    // The two include flags are in V8's protocol (https://chromedevtools.github.io/devtools-protocol/tot/HeapProfiler/#method-startSampling)
    // and Node 20's V8, not yet in @types/node 20.
    const params: HeapProfiler.StartSamplingParameterType & {
      includeObjectsCollectedByMajorGC: boolean;
      includeObjectsCollectedByMinorGC: boolean;
    } = { samplingInterval: HEAP_SAMPLING_INTERVAL_BYTES, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
    await session.post('HeapProfiler.startSampling', params);
  } else {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  return {
    async stop(file) {
      try {
        const profile =
          kind === 'heap' ? (await session.post('HeapProfiler.stopSampling')).profile : (await session.post('Profiler.stop')).profile;
        await writeFile(file, JSON.stringify(profile));
        return file;
      } finally {
        session.disconnect();
      }
    },
  };
}
