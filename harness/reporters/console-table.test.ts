import { describe, expect, it } from 'vitest';
import type { ResultsDocument, RunResult } from '../results/results-document.js';
import { renderConsoleTable } from './console-table.js';

const dead = (status: RunResult['status'], stderrTail: string): RunResult => ({
  scenario: 's',
  variant: 'v',
  records: 10,
  repeat: 1,
  status,
  metrics: null,
  counters: {},
  error: { message: status === 'oom' ? 'ran out of heap' : 'exited without a result (code null, signal SIGSEGV)', stderrTail },
});
const doc = (runs: RunResult[]): ResultsDocument => ({
  schemaVersion: 1,
  startedAt: '2026-01-01T00:00:00Z',
  environment: { node: 'v20.0.0', platform: 'linux x64', cpus: 2, totalMemBytes: 1, services: {} },
  runs,
  summaries: [],
  verdicts: [],
});

describe('renderConsoleTable failures', () => {
  it("shows V8's OOM line under an oom run and the last lines of a crash", () => {
    const crashTail = Array.from({ length: 10 }, (_, i) => `frame ${i}`).join('\n');
    const text = renderConsoleTable(
      doc([dead('oom', 'FATAL ERROR: Reached heap limit\n…\n 1: 0xdead node::Abort()'), dead('crashed', crashTail)]),
    );
    expect(text).toContain('OOM: s v 10 #1: ran out of heap\n  | FATAL ERROR: Reached heap limit\nCRASHED');
    expect(text).toContain('  | frame 4\n  | frame 5\n  | frame 6\n  | frame 7\n  | frame 8\n  | frame 9');
    expect(text).not.toContain('frame 3');
    expect(text).not.toContain('node::Abort');
  });
});
