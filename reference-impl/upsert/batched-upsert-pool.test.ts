/**
 * The pool's own rules, with a flush that records what it is given (the pool's injected
 * writer, not a service: the database paths are tested in sync-tee-times*.test.ts): no result
 * enters the buffer while a flush runs, at most batch + workers - 1 results are ever held, one
 * flush at a time, and every task ends committed or reported.
 */
import { describe, expect, it } from 'vitest';
import { runBatchedUpsertPool } from './batched-upsert-pool.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runBatchedUpsertPool', () => {
  it('holds at most batch + workers - 1 results and runs one flush at a time', async () => {
    const tasks = Array.from({ length: 1000 }, (_, i) => i);
    let flushesRunning = 0;
    let maxConcurrentFlushes = 0;
    const flushed: number[][] = [];
    const result = await runBatchedUpsertPool({
      tasks,
      taskId: String,
      // Uneven fetch latency, so workers finish in a different order each time.
      fetch: async (n) => {
        await tick(n % 3);
        return n;
      },
      flush: async (batch) => {
        flushesRunning++;
        maxConcurrentFlushes = Math.max(maxConcurrentFlushes, flushesRunning);
        await tick(5);
        flushed.push([...batch]);
        flushesRunning--;
        return batch.length;
      },
      workers: 10,
      batchSize: 100,
    });
    expect(maxConcurrentFlushes).toBe(1);
    expect(result.batches).toBe(10);
    expect(result.peakBufferedResults).toBeGreaterThanOrEqual(100);
    expect(result.peakBufferedResults).toBeLessThanOrEqual(109);
    expect(flushed.every((b) => b.length === 100)).toBe(true);
    expect(flushed.flat().sort((a, b) => a - b)).toEqual(tasks);
    expect(result.rowsUpserted).toBe(1000);
  });

  it('takes tasks lazily: a worker waiting on a flush takes no new task', async () => {
    let taken = 0;
    function* tasks() {
      for (let i = 0; i < 50; i++) {
        taken++;
        yield i;
      }
    }
    let takenDuringFlush = 0;
    await runBatchedUpsertPool({
      tasks: tasks(),
      taskId: String,
      fetch: async (n) => n,
      flush: async (batch) => {
        const before = taken;
        await tick(10);
        takenDuringFlush = Math.max(takenDuringFlush, taken - before);
        return batch.length;
      },
      workers: 4,
      batchSize: 10,
    });
    expect(takenDuringFlush).toBe(0);
    expect(taken).toBe(50);
  });

  it('rejects a non-positive batch size or worker count', async () => {
    const base = { tasks: [1], taskId: String, fetch: async (n: number) => n, flush: async () => 0 };
    await expect(runBatchedUpsertPool({ ...base, batchSize: 0 })).rejects.toThrow(TypeError);
    await expect(runBatchedUpsertPool({ ...base, workers: 1.5 })).rejects.toThrow(/workers/);
  });
});
