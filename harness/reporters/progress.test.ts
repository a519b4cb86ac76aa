/** A child still running gets a `still running` line, on a terminal (the bar) and in plain logs alike. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlanEvent } from '../runner/plan-event.js';
import { createProgressReporter } from './progress.js';

const events: PlanEvent[] = [
  { type: 'run-start', index: 1, total: 2, scenario: 'orders', variant: 'before', records: 1000, repeat: 2 },
  { type: 'run-heartbeat', scenario: 'orders', variant: 'before', records: 1000, repeat: 2, elapsedMs: 90_004, timeoutMs: 600_000 },
  {
    type: 'run-heartbeat',
    scenario: 'orders',
    variant: 'before',
    records: 1000,
    repeat: 0,
    maxHeapMb: 64,
    elapsedMs: 30_000,
    timeoutMs: 5_000,
  },
];
const LINE = 'still running: orders before 1,000 #2 — 1m30s elapsed, timeout 10m\n';
const EXTRA = 'still running: orders before 1,000 (extra run, --max-old-space-size=64) — 30s elapsed, timeout 5s\n';

function collect(isTTY: boolean): string {
  const written: string[] = [];
  const reporter = createProgressReporter({ isTTY, write: (chunk: string) => written.push(chunk) });
  for (const e of events) reporter.onEvent(e);
  reporter.stop();
  return written.join('');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('heartbeat lines', () => {
  it('appear as plain lines in CI logs', () => {
    vi.stubEnv('CI', 'true');
    const text = collect(false);
    expect(text).toContain(LINE);
    expect(text).toContain(EXTRA);
  });

  it('appear on a terminal, between redraws of the bar', () => {
    vi.stubEnv('CI', '');
    const text = collect(true);
    expect(text).toContain(LINE);
    expect(text).toContain(EXTRA);
    // The bar was drawn (cursor control), so this was the TTY reporter.
    expect(text).toContain(`${String.fromCharCode(27)}[`);
  });
});
