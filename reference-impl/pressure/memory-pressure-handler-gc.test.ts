/**
 * `collectGarbage`: the handler runs a full collection before a reading only while a level
 * above normal holds and no full collection happened for a dwell time; and the full-GC function
 * it is given in the service really collects, with or without `--expose-gc`.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { fullGarbageCollector } from './full-garbage-collector.js';
import { MemoryPressureHandler } from './memory-pressure-handler.js';
import { scriptedHandler } from './test-fixtures/scripted-pressure.js';

describe('MemoryPressureHandler collectGarbage', () => {
  it('collects at most once per dwell time, only above normal, right before the reading it confirms', () => {
    let t = 0;
    // Each heap: live plus garbage, as ratios of the limit; a full collection frees the garbage.
    const make = (collects: boolean) => {
      const heap = { live: 0.4, garbage: 0 };
      const collect = vi.fn(() => {
        heap.garbage = 0;
      });
      const handler = new MemoryPressureHandler({
        minDwellMs: 1000,
        observeGc: false,
        logger: () => {},
        now: () => t,
        readPressure: () => ({ usedBytes: Math.round((heap.live + heap.garbage) * 1e9), limitBytes: 1e9 }),
        ...(collects ? { collectGarbage: collect } : {}),
      });
      return { heap, collect, handler };
    };
    const s = make(true);
    const plain = make(false);
    const set = (live: number, garbage: number) => {
      for (const h of [s, plain]) Object.assign(h.heap, { live, garbage });
    };
    const both = (ms: number) => {
      t += ms;
      return [s.handler.sample(), plain.handler.sample()];
    };
    expect(both(5000)).toEqual(['normal', 'normal']);
    set(0.75, 0);
    expect(both(10)).toEqual(['warning', 'warning']);
    expect(s.collect).not.toHaveBeenCalled(); // never at normal: the rise's reading is taken as it is
    set(0.4, 0.3);
    expect(both(500)).toEqual(['warning', 'warning']); // collected (no full collection seen yet), but the level dwells
    expect(s.collect).toHaveBeenCalledTimes(1);
    set(0.4, 0.3);
    expect(both(400)).toEqual(['warning', 'warning']); // 400 ms after that collection: none now, the garbage confirms the level
    expect(s.collect).toHaveBeenCalledTimes(1);
    expect(both(1000)).toEqual(['normal', 'warning']); // a dwell time on: collected, the live heap is below the clear point
    expect(s.collect).toHaveBeenCalledTimes(2);
    for (let i = 0; i < 40; i++) both(250);
    expect(plain.handler.level).toBe('warning'); // without collections the garbage holds the level
    expect(s.handler.level).toBe('normal');
    expect(s.collect).toHaveBeenCalledTimes(2); // none at normal
    expect(s.handler.stats().forcedGcs).toBe(2);
    expect(plain.handler.stats().forcedGcs).toBe(0);
  });

  it('counts a throwing collectGarbage as an action error and still reads', () => {
    const s = scriptedHandler({
      minDwellMs: 100,
      collectGarbage: () => {
        throw new Error('no gc');
      },
    });
    s.read(0.8);
    expect(s.read(0.8, 200)).toBe('warning');
    expect(s.handler.stats()).toMatchObject({ actionErrors: 1, forcedGcs: 1, readings: 2 });
    expect(() => scriptedHandler({ collectGarbage: 'gc' as never })).toThrow(/collectGarbage must be a function/);
  });
});

describe('fullGarbageCollector', () => {
  it('collects an unreachable object in this process', async () => {
    const gc = fullGarbageCollector();
    expect(fullGarbageCollector()).toBe(gc);
    let target: object | undefined = { big: new Array(1000).fill(1) };
    const ref = new WeakRef(target);
    target = undefined;
    // A WeakRef keeps its target for the rest of the current job (KeepDuringJob).
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(ref.deref()).toBeUndefined();
  });

  it('works without --expose-gc and leaves globalThis.gc alone', () => {
    const url = new URL('./full-garbage-collector.ts', import.meta.url).href;
    const script = `
      const { fullGarbageCollector } = await import(${JSON.stringify(url)});
      const before = typeof globalThis.gc;
      const gc = fullGarbageCollector();
      let target = { big: new Array(1000).fill(1) };
      const ref = new WeakRef(target);
      target = undefined;
      await new Promise((r) => setImmediate(r));
      gc();
      console.log(JSON.stringify({ before, after: typeof globalThis.gc, collected: ref.deref() === undefined }));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ before: 'undefined', after: 'undefined', collected: true });
  });
});
