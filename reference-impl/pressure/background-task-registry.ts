/**
 * The background tasks of a process, so memory pressure can suspend the non-essential ones
 * (seed 003 Level 1: "Disable non-essential background tasks"; "Graceful Degradation:
 * background task suspension") and resume exactly those on recovery.
 */
import { consoleMemoryLogger, type MemoryLogger } from '../memory/memory-logger.js';

/** A task that can be paused and resumed. */
export interface BackgroundTask {
  /** Unique within a registry. */
  readonly name: string;
  /** Essential tasks are never paused by {@link BackgroundTaskRegistry.pauseNonEssential}. @default false */
  readonly essential?: boolean;
  pause(): void;
  resume(): void;
}

/** Options of {@link BackgroundTaskRegistry.every}. */
export interface IntervalTaskOptions {
  /** @default false */
  readonly essential?: boolean;
}

/** Options of {@link BackgroundTaskRegistry}. */
export interface BackgroundTaskRegistryOptions {
  /** Receives failures of interval tasks' runs. @default console.warn */
  readonly logger?: MemoryLogger;
}

/** One task's state in {@link BackgroundTaskRegistry.list}. */
export interface BackgroundTaskState {
  readonly name: string;
  readonly essential: boolean;
  readonly paused: boolean;
}

interface Entry {
  readonly task: BackgroundTask;
  paused: boolean;
}

/** Registered background tasks. */
export class BackgroundTaskRegistry {
  readonly #tasks = new Map<string, Entry>();
  readonly #intervals = new Set<() => void>();
  readonly #logger: MemoryLogger;

  constructor(options: BackgroundTaskRegistryOptions = {}) {
    if (options.logger !== undefined && typeof options.logger !== 'function') throw new TypeError('logger must be a function');
    this.#logger = options.logger ?? consoleMemoryLogger;
  }

  /** Adds a task (running, not paused). Returns a function that removes it. Throws on a duplicate name. */
  add(task: BackgroundTask): () => void {
    if (typeof task?.name !== 'string' || task.name === '' || typeof task.pause !== 'function' || typeof task.resume !== 'function') {
      throw new TypeError('task must be { name: non-empty string, essential?: boolean, pause(), resume() }');
    }
    if (this.#tasks.has(task.name)) throw new TypeError(`a background task named "${task.name}" is already registered`);
    const entry: Entry = { task, paused: false };
    this.#tasks.set(task.name, entry);
    return () => {
      if (this.#tasks.get(task.name) === entry) this.#tasks.delete(task.name);
    };
  }

  /**
   * Runs `run` every `intervalMs` milliseconds as a registered task, on an `unref()`'d timer (it
   * never keeps the process alive). A run still pending (a promise) when the next is due is not
   * overlapped: under pressure, piling up slow runs is what must not happen. Throws and
   * rejections go to the logger. Pausing clears the timer; resuming starts a new one.
   */
  every(name: string, intervalMs: number, run: () => unknown, options: IntervalTaskOptions = {}): BackgroundTask {
    if (!Number.isInteger(intervalMs) || intervalMs < 1) {
      throw new TypeError(`intervalMs must be a whole number of milliseconds ≥ 1, got ${String(intervalMs)}`);
    }
    if (typeof run !== 'function') throw new TypeError('run must be a function');
    let timer: NodeJS.Timeout | undefined;
    let pending = false;
    const fail = (error: unknown) => {
      try {
        this.#logger('[background-task] run failed', { task: name, error: (error as Error)?.message ?? String(error) });
      } catch {
        // a throwing logger must not turn a failed run into an uncaughtException
      }
    };
    const tick = () => {
      if (pending) return;
      try {
        const result = run();
        if (result !== null && typeof result === 'object' && typeof (result as Promise<unknown>).then === 'function') {
          pending = true;
          (result as Promise<unknown>).then(
            () => {
              pending = false;
            },
            (error: unknown) => {
              pending = false;
              fail(error);
            },
          );
        }
      } catch (error) {
        fail(error);
      }
    };
    const start = () => {
      if (timer !== undefined) return;
      timer = setInterval(tick, intervalMs);
      timer.unref();
    };
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const task: BackgroundTask = { name, essential: options.essential ?? false, pause: stop, resume: start };
    this.add(task);
    this.#intervals.add(stop);
    start();
    return task;
  }

  /** Pauses every running non-essential task; returns the names it paused (for {@link resume}). */
  pauseNonEssential(): string[] {
    const paused: string[] = [];
    for (const entry of this.#tasks.values()) {
      if (entry.paused || entry.task.essential) continue;
      this.#call(entry, 'pause');
      entry.paused = true;
      paused.push(entry.task.name);
    }
    return paused;
  }

  /** Resumes the named tasks that are paused (names no longer registered are skipped). */
  resume(names: readonly string[]): void {
    for (const name of names) {
      const entry = this.#tasks.get(name);
      if (entry === undefined || !entry.paused) continue;
      this.#call(entry, 'resume');
      entry.paused = false;
    }
  }

  /** Whether the named task is paused by this registry. */
  isPaused(name: string): boolean {
    return this.#tasks.get(name)?.paused ?? false;
  }

  /** Every task, in registration order. */
  list(): BackgroundTaskState[] {
    return [...this.#tasks.values()].map((e) => ({ name: e.task.name, essential: e.task.essential ?? false, paused: e.paused }));
  }

  /** Stops the timers of the tasks created with {@link every} and forgets every task. */
  close(): void {
    for (const stop of this.#intervals) stop();
    this.#intervals.clear();
    this.#tasks.clear();
  }

  #call(entry: Entry, step: 'pause' | 'resume'): void {
    try {
      entry.task[step]();
    } catch (error) {
      this.#logger(`[background-task] ${step} failed`, { task: entry.task.name, error: (error as Error)?.message ?? String(error) });
    }
  }
}
