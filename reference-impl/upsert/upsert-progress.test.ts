/**
 * Progress output of a pool run: a cli-progress bar on a terminal, periodic lines elsewhere,
 * and failed batches always logged with their task ids.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createUpsertProgress } from './upsert-progress.js';

/** A stream capturing what is written, posing as a terminal or not. */
function capture(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough();
  let out = '';
  s.on('data', (d: Buffer) => {
    out += d.toString();
  });
  Object.assign(s, { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream: s as unknown as NodeJS.WriteStream, text: () => out };
}

describe('createUpsertProgress', () => {
  it('writes lines, not a bar, when the stream is not a terminal', async () => {
    const { stream, text } = capture(false);
    const p = createUpsertProgress({ totalTasks: 300, stream, intervalMs: 5, logBatches: true });
    p.onEvent({ type: 'task-done', tasksDone: 100 });
    p.onEvent({ type: 'flush-done', batch: 1, results: 100, rows: 1800, rowsUpserted: 1800, taskIds: [] });
    await new Promise((r) => setTimeout(r, 30));
    p.onEvent({ type: 'flush-failed', batch: 2, taskIds: ['3:2027-01-01', '3:2027-01-02'], error: new Error('boom') });
    p.stop();
    p.stop();
    const out = text();
    expect(out).toMatch(/upsert-pool: batch 1 committed \(100 course\/date combinations, 1800 rows\)/);
    expect(out).toMatch(/upsert-pool: 100\/300 tasks, 1 batches, 1800 rows upserted\n/);
    expect(out).toMatch(/batch 2 FAILED, not written: tasks 3:2027-01-01, 3:2027-01-02 \(boom\)/);
    expect(out).not.toMatch(/\[[\u2588\u2591]/);
  });

  it('draws a cli-progress bar on a terminal', () => {
    const { stream, text } = capture(true);
    const p = createUpsertProgress({ totalTasks: 10, stream });
    for (let i = 1; i <= 10; i++) p.onEvent({ type: 'task-done', tasksDone: i });
    p.stop();
    expect(text()).toMatch(/upsert-pool \[[\u2588\u2591]+\] 10\/10 tasks/);
  });
});
