/**
 * Text of the memory dashboard's server-rendered page: HTML escaping and the formatting of
 * bytes, ratios, times and durations. The page's script (`memory-dashboard-client-script.ts`)
 * formats the live updates with the same rules, so the first paint and every update read alike
 * (the browser test compares the two). Bytes use binary units with three significant digits,
 * as heapgate's reporters do (1 MB = 1,048,576 B).
 */

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** `512 B`, `1.50 KB`, `12.3 MB`, `1.02 GB`; `n/a` for a value that is not finite. */
export function formatDashboardBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${sign}${value.toFixed(0)} B`;
  const digits = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${sign}${digits} ${BYTE_UNITS[unit]}`;
}

/** A ratio (0–1) as a percentage with one decimal: `0.853` → `85.3 %`. */
export function formatDashboardRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)} %` : 'n/a';
}

/** Milliseconds since the epoch as `HH:MM:SS` in UTC (the page says UTC; server and browser agree whatever their time zones). */
export function formatDashboardTime(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString().slice(11, 19) : 'n/a';
}

/** Milliseconds as `42 s`, `3 min 07 s`, `2 h 05 min`. */
export function formatDashboardDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'n/a';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}
