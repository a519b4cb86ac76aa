/**
 * Progress from inside a measured child: long work (a load of 50,000 requests, say) tells the
 * parent how far it is, and heapgate's progress line shows it. Outside a measured child it does
 * nothing, so code that reports progress runs unchanged in tests and services.
 */

/** One progress report: `done` of `total` units of `kind` (e.g. requests of a load). */
export interface ChildProgress {
  readonly kind: 'load';
  readonly done: number;
  /** Absent when the work is bounded by time rather than count. */
  readonly total?: number;
  /**
   * Counters gathered so far (a load's requests, errors…). When the child dies before it
   * reports (out of heap under load, say), its result still carries the last of these.
   */
  readonly counters?: Readonly<Record<string, number>>;
}

/** Set by the child entry before it runs a job, so progress goes to the parent only from there. */
let enabled = false;

/** Marks this process as a heapgate measured child (called by the child entry). */
export function enableChildProgress(): void {
  enabled = true;
}

/** Sends `progress` to the heapgate parent when this process is a measured child; else nothing. */
export function reportChildProgress(progress: ChildProgress): void {
  if (!enabled || typeof process.send !== 'function' || !process.connected) return;
  process.send({ type: 'progress', progress });
}
