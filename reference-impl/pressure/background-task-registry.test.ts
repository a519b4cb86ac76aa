/** BackgroundTaskRegistry: pausing non-essential tasks, resuming exactly those, interval tasks. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackgroundTaskRegistry } from './background-task-registry.js';

afterEach(() => {
  vi.useRealTimers();
});

function task(name: string, log: string[], essential = false) {
  return { name, essential, pause: () => void log.push(`pause:${name}`), resume: () => void log.push(`resume:${name}`) };
}

describe('BackgroundTaskRegistry', () => {
  it('pauses non-essential tasks only, and resumes exactly those it paused', () => {
    const log: string[] = [];
    const tasks = new BackgroundTaskRegistry();
    tasks.add(task('index', log));
    tasks.add(task('heartbeat', log, true));
    tasks.add(task('report', log));
    expect(tasks.pauseNonEssential()).toEqual(['index', 'report']);
    expect(tasks.pauseNonEssential()).toEqual([]); // already paused
    expect(tasks.isPaused('heartbeat')).toBe(false);
    tasks.resume(['index']);
    expect(log).toEqual(['pause:index', 'pause:report', 'resume:index']);
    expect(tasks.list()).toEqual([
      { name: 'index', essential: false, paused: false },
      { name: 'heartbeat', essential: true, paused: false },
      { name: 'report', essential: false, paused: true },
    ]);
    expect(() => tasks.add(task('index', log))).toThrow(/already registered/);
  });

  it('runs interval tasks on the timer, stops them while paused, and never overlaps a pending run', async () => {
    vi.useFakeTimers();
    const tasks = new BackgroundTaskRegistry({ logger: () => {} });
    let runs = 0;
    tasks.every('sync', 100, () => {
      runs++;
    });
    let slowRuns = 0;
    let finish: (() => void) | undefined;
    tasks.every('slow', 100, () => {
      slowRuns++;
      return new Promise<void>((r) => {
        finish = r;
      });
    });
    vi.advanceTimersByTime(300);
    expect(runs).toBe(3);
    expect(slowRuns).toBe(1); // the first run is still pending
    finish!();
    await vi.advanceTimersByTimeAsync(100);
    expect(slowRuns).toBe(2);
    expect(runs).toBe(4);
    expect(tasks.pauseNonEssential()).toEqual(['sync', 'slow']);
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(4);
    tasks.resume(['sync']);
    vi.advanceTimersByTime(200);
    expect(runs).toBe(6);
    expect(tasks.isPaused('slow')).toBe(true);
    tasks.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports a throwing or rejecting run to the logger and keeps the timer', async () => {
    vi.useFakeTimers();
    const logger = vi.fn();
    const tasks = new BackgroundTaskRegistry({ logger });
    tasks.every('boom', 100, () => {
      throw new Error('boom');
    });
    tasks.every('reject', 100, () => Promise.reject(new Error('later')));
    await vi.advanceTimersByTimeAsync(200);
    expect(logger).toHaveBeenCalledWith('[background-task] run failed', { task: 'boom', error: 'boom' });
    expect(logger).toHaveBeenCalledWith('[background-task] run failed', { task: 'reject', error: 'later' });
    expect(logger.mock.calls.filter((c) => c[1].task === 'boom')).toHaveLength(2);
    tasks.close();
  });

  it('unref()s interval timers', () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const tasks = new BackgroundTaskRegistry();
    tasks.every('x', 10_000, () => {});
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
    tasks.close();
  });

  it('validates tasks and intervals', () => {
    const tasks = new BackgroundTaskRegistry();
    expect(() => tasks.every('x', 0, () => {})).toThrow(/intervalMs must be a whole number of milliseconds ≥ 1/);
    expect(() => tasks.add({ name: '' } as never)).toThrow(/task must be/);
  });
});
