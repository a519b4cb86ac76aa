/**
 * Durations as people type them (`5s`, `90s`, `2m`, `1500ms`, `1m30s`), for `--timeout` and
 * `HEAPGATE_HEARTBEAT`. Formatting them back is `formatDuration` in `reporters/format-units.ts`.
 */
import { DEFAULTS } from '../config/defaults.js';
import { UsageError } from '../errors.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;

/**
 * Parses a duration into whole milliseconds: one or more `<number><unit>` parts, units `ms`,
 * `s`, `m`, `h` (`1m30s` = 90,000). A unit is required: a bare `5` could mean seconds or
 * milliseconds, and guessing wrong by a factor of 1,000 is worse than asking.
 *
 * @param name What the text was given as, for the message (`--timeout`, `HEAPGATE_HEARTBEAT`).
 * @throws UsageError `<name> must be a duration such as 5s, 90s, 2m or 1500ms, got "<text>"`, also
 *   for zero and for more than {@link DEFAULTS.maxTimeoutMs} (about 24.8 days: `setTimeout`
 *   fires at once beyond it).
 */
export function parseDuration(text: string, name: string): number {
  const cleaned = text.trim().toLowerCase();
  const fail = (why = ''): never => {
    throw new UsageError(`${name} must be a duration such as 5s, 90s, 2m or 1500ms${why}, got "${text}"`);
  };
  if (/^\d+(?:\.\d+)?$/.test(cleaned)) fail(' (a unit is required)');
  if (!WHOLE.test(cleaned)) fail();
  let ms = 0;
  for (const [, value, unit] of cleaned.matchAll(PART)) ms += Number(value) * UNIT_MS[unit as keyof typeof UNIT_MS];
  ms = Math.round(ms);
  if (ms < 1) fail(' (at least 1ms)');
  if (ms > DEFAULTS.maxTimeoutMs) fail(' (at most 596h, the largest delay a Node timer can wait)');
  return ms;
}
