/**
 * Deterministic tee times for any (course, date): what the loopback tee-time API serves and
 * what tests compare the table against. The same task always yields the same rows, so a re-run
 * after a crash must converge to exactly the same table.
 */
import type { TeeTime, TeeTimeTask } from './tee-time.js';

/** Fewest tee times one (course, date) has. */
export const MIN_TEE_TIMES_PER_DAY = 12;
/** Most tee times one (course, date) has. */
export const MAX_TEE_TIMES_PER_DAY = 24;
/** Minutes between two tee times (first at 07:00). */
const INTERVAL_MIN = 10;
const FIRST_MIN = 7 * 60;

/** 32-bit FNV-1a over a string: a fixed, dependency-free seed per task. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny seeded PRNG (public domain, https://gist.github.com/tommyettinger/46a874533244883189143505d203312c). */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The tee times of `task`, in time order: always the same for the same task. */
export function generateTeeTimes(task: TeeTimeTask): TeeTime[] {
  const random = mulberry32(fnv1a(`${task.courseId}|${task.playDate}`));
  const count = MIN_TEE_TIMES_PER_DAY + Math.floor(random() * (MAX_TEE_TIMES_PER_DAY - MIN_TEE_TIMES_PER_DAY + 1));
  const out: TeeTime[] = [];
  for (let i = 0; i < count; i++) {
    const minutes = FIRST_MIN + i * INTERVAL_MIN;
    out.push({
      courseId: task.courseId,
      playDate: task.playDate,
      teeTime: `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`,
      priceCents: 2500 + Math.floor(random() * 120) * 50,
      spotsAvailable: Math.floor(random() * 5),
      holes: random() < 0.3 ? 9 : 18,
    });
  }
  return out;
}

/** Options of {@link teeTimeTasks}. */
export interface TeeTimeTasksOptions {
  /** Consecutive dates per course. @default 30 */
  readonly daysPerCourse?: number;
  /** First date, `YYYY-MM-DD` (UTC). @default '2027-01-01' */
  readonly startDate?: string;
}

/**
 * `count` distinct (course, date) tasks, lazily: courses 1, 2, … each with `daysPerCourse`
 * consecutive dates. Lazy so 100,000 tasks cost no memory before a worker takes them.
 */
export function* teeTimeTasks(count: number, options: TeeTimeTasksOptions = {}): Generator<TeeTimeTask> {
  if (!Number.isInteger(count) || count < 0) throw new TypeError(`count must be a non-negative integer, got ${String(count)}`);
  const days = options.daysPerCourse ?? 30;
  if (!Number.isInteger(days) || days < 1) throw new TypeError(`daysPerCourse must be a positive integer, got ${String(days)}`);
  const start = Date.parse(`${options.startDate ?? '2027-01-01'}T00:00:00Z`);
  if (Number.isNaN(start)) throw new TypeError('startDate must be YYYY-MM-DD');
  for (let i = 0; i < count; i++) {
    const day = i % days;
    yield { courseId: Math.floor(i / days) + 1, playDate: new Date(start + day * 86_400_000).toISOString().slice(0, 10) };
  }
}
