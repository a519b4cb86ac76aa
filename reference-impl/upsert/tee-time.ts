/**
 * The data of seed 002's sync: a task is one (course, date) combination; fetching it yields
 * that day's tee times at that course. One tee time is one row of the `tee_times` table,
 * keyed by (course, date, time).
 */

/** One (course, date) combination to fetch: seed 002's unit of work and of `UPSERT_BATCH_SIZE`. */
export interface TeeTimeTask {
  /** Positive integer course id. */
  readonly courseId: number;
  /** Calendar date, `YYYY-MM-DD`. */
  readonly playDate: string;
}

/** One bookable tee time: a row of the `tee_times` table. */
export interface TeeTime {
  readonly courseId: number;
  /** `YYYY-MM-DD`. */
  readonly playDate: string;
  /** Start time of day, `HH:MM` (24 h). */
  readonly teeTime: string;
  /** Green fee in cents. */
  readonly priceCents: number;
  /** Open player slots, 0–4. */
  readonly spotsAvailable: number;
  /** 9 or 18. */
  readonly holes: number;
}

/** A stable id of a task, `<courseId>:<playDate>`: what failure reports name. */
export function teeTimeTaskId(task: TeeTimeTask): string {
  return `${task.courseId}:${task.playDate}`;
}
