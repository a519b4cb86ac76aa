/**
 * Every default of the live memory dashboard (`registerMemoryDashboard`), in one place beside
 * the handler's own (`pressure-defaults.ts`). `reference-impl/` imports nothing from the
 * harness, whose defaults live in `harness/config/defaults.ts`.
 */

/**
 * Where the page is served. Seed 003 §1.5 names the Next.js folder
 * `app/(dashboard)/admin/monitoring/memory`; a parenthesised folder is a route group, which
 * Next.js leaves out of the URL (https://nextjs.org/docs/14/app/building-your-application/routing/route-groups),
 * so the page's URL is `/admin/monitoring/memory`. The event stream is `<path>/events`.
 */
export const DEFAULT_DASHBOARD_PATH = '/admin/monitoring/memory';

/**
 * Milliseconds between two samples pushed to the page. One a second is what a person watching a
 * graph can follow; level changes do not wait for it (they are pushed as they happen).
 */
export const DEFAULT_DASHBOARD_INTERVAL_MS = 1000;

/** Shortest sample interval accepted, in milliseconds: below it the page would redraw faster than it paints. */
export const MIN_DASHBOARD_INTERVAL_MS = 10;

/** Samples kept for the chart's history window: 300 × 1 s = the last 5 minutes. */
export const DEFAULT_DASHBOARD_HISTORY_SAMPLES = 300;

/**
 * Most samples the history may keep. The whole history goes to every page that connects, about
 * 120 bytes of JSON a sample, so 10,000 samples is an opening message of about 1.2 MB.
 */
export const MAX_DASHBOARD_HISTORY_SAMPLES = 10_000;

/** Pressure events (level transitions) kept and shown, newest first. */
export const DEFAULT_DASHBOARD_MAX_TRANSITIONS = 50;

/**
 * Event-stream connections served at once; one more is refused with 503. Each open page holds
 * a response (and, with `memoryPressurePlugin`, one in-flight slot) for as long as it is open.
 */
export const DEFAULT_DASHBOARD_MAX_CLIENTS = 8;

/**
 * Bytes a page may fall behind before its stream is closed (it reconnects and starts over from
 * the history). Without a bound, a page that stops reading — a suspended laptop, a stuck
 * proxy — would make the server buffer its updates for ever: a leak in a memory dashboard.
 */
export const DASHBOARD_MAX_CLIENT_BACKLOG_BYTES = 1024 * 1024;

/** Milliseconds the app's close waits for a stream to end cleanly before destroying its connection. */
export const DASHBOARD_CLOSE_GRACE_MS = 1000;

/** `retry:` sent to the browser: milliseconds its `EventSource` waits before reconnecting. */
export const DASHBOARD_RECONNECT_MS = 2000;

/** Minimum token length: 16 visible ASCII characters (e.g. `openssl rand -hex 16` gives 32), as heapgate's service probe. */
export const MIN_DASHBOARD_TOKEN_LENGTH = 16;
