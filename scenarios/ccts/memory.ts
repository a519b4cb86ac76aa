/**
 * Bytes a structure really holds, measured the honest way for typed arrays: V8 used heap *and*
 * ArrayBuffer backing stores (external memory, invisible to `heapUsed` and therefore to the
 * harness's `retainedHeapBytes`), each after forced full collections.
 */
import v8 from 'node:v8';

/** One reading after forced GC. */
export interface RetainedReading {
  readonly heapBytes: number;
  readonly arrayBufferBytes: number;
  /** Used bytes of V8's code spaces (part of `heapBytes`): compiled code, not data. */
  readonly codeBytes: number;
}

/**
 * Forces full collections (when `--expose-gc` is on, as in every measured child) with event
 * loop turns in between, then reads used heap and ArrayBuffer bytes. The turns matter: a
 * destroyed stream holds its buffers until its `close` tick runs, and `FinalizationRegistry`
 * cleanups (undici registers every fetch `Response`) run in a task after the collection that
 * found their targets dead. Without `gc`, the reading includes garbage.
 */
export async function readRetained(): Promise<RetainedReading> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  await turn();
  gc();
  await turn();
  await turn();
  gc();
  gc();
  const codeBytes = v8
    .getHeapSpaceStatistics()
    .filter((space) => space.space_name.startsWith('code'))
    .reduce((sum, space) => sum + space.space_used_size, 0);
  return { heapBytes: v8.getHeapStatistics().used_heap_size, arrayBufferBytes: process.memoryUsage().arrayBuffers, codeBytes };
}

/** Bytes retained between two readings, split heap / external. */
export function retainedBetween(
  before: RetainedReading,
  after: RetainedReading,
): { heapBytes: number; externalBytes: number; codeBytes: number; totalBytes: number } {
  const heapBytes = after.heapBytes - before.heapBytes;
  const externalBytes = after.arrayBufferBytes - before.arrayBufferBytes;
  return { heapBytes, externalBytes, codeBytes: after.codeBytes - before.codeBytes, totalBytes: heapBytes + externalBytes };
}
