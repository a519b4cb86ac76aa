/**
 * Peak resident set size of the whole process over a window (a service probe's mark → read).
 */
import { DEFAULTS } from '../config/defaults.js';
import type { PeakRssMethod } from './probe-protocol.js';

/** What {@link PeakRssSampler.stop} found. */
export interface PeakRss {
  /** Largest RSS of the process during the window, in bytes. */
  readonly peakRssBytes: number;
  readonly method: PeakRssMethod;
}

// ru_maxrss is in kilobytes on Linux (https://nodejs.org/api/process.html#processresourceusage).
const maxRssBytes = (): number => process.resourceUsage().maxRSS * 1024;

/**
 * Two sources, because neither alone is right for a window inside a long-lived process:
 *
 * - The kernel's peak-RSS high-water mark (`ru_maxrss`) is gap-free but covers the process's
 *   whole life: it says something about the window only when it rose during it, and then the
 *   new peak is exactly the window's peak.
 * - Otherwise the window stayed below an earlier peak, and the answer is the largest of RSS
 *   samples taken every `sampleIntervalMs` on an unref'd timer, at the start, at the end and
 *   whenever {@link PeakRssSampler.sample} is called (the service probe calls it after every
 *   GC). RSS falls slowly (V8 keeps freed pages for a while), so a peak lasting at least one
 *   interval is seen; a shorter one may be missed, and the method says `sampled`.
 */
export class PeakRssSampler {
  readonly #sampleIntervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #maxAtStart = 0;
  #sampledPeak = 0;

  /** @param sampleIntervalMs Sampling period in milliseconds. @default DEFAULTS.probeRssSampleIntervalMs (10) */
  constructor(sampleIntervalMs: number = DEFAULTS.probeRssSampleIntervalMs) {
    this.#sampleIntervalMs = sampleIntervalMs;
  }

  /** Starts the window: notes the lifetime peak and the current RSS, starts the timer. */
  start(): void {
    this.#maxAtStart = maxRssBytes();
    this.#sampledPeak = 0;
    this.sample();
    this.#timer = setInterval(() => this.sample(), this.#sampleIntervalMs);
    this.#timer.unref();
  }

  /** Takes one RSS sample now. */
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.#sampledPeak) this.#sampledPeak = rss;
  }

  /** Ends the window and returns its peak. */
  stop(): PeakRss {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.sample();
    const maxNow = maxRssBytes();
    if (maxNow > this.#maxAtStart) return { peakRssBytes: Math.max(maxNow, this.#sampledPeak), method: 'kernel-high-water' };
    return { peakRssBytes: this.#sampledPeak, method: 'sampled' };
  }
}
