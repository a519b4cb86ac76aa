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

  it('shows the last lines a timed-out child printed, and skipped repeats once', () => {
    const timedOut: RunResult = {
      ...dead('timeout', 'connecting…\nstill waiting'),
      error: { message: 'timed out after 5000 ms (--timeout)', timeoutMs: 5000, stderrTail: 'connecting…\nstill waiting' },
    };
    const skip = (repeat: number): RunResult => ({
      ...timedOut,
      repeat,
      error: { message: 'not run: repeat 1 timed out after 5000 ms', timeoutMs: 5000, skipped: true },
    });
    const text = renderConsoleTable(doc([timedOut, skip(2), skip(3)]));
    expect(text).toContain(
      'TIMEOUT: s v 10 #1: timed out after 5000 ms (--timeout)\n  | connecting…\n  | still waiting\nTIMEOUT: s v 10 #2, #3: not run',
    );
    expect(text.match(/not run/g)).toHaveLength(1);
  });

  it("shows a thrown error's first three frames and each cause's first, all of them with verbose", () => {
    const frames = (p: string) => Array.from({ length: 5 }, (_, i) => `at ${p}${i} (file:///x.mjs:${i + 1}:1)`).join('\n');
    const failed: RunResult = {
      ...dead('failed', ''),
      error: {
        name: 'ExportError',
        message: 'run: ExportError: stopped',
        stack: frames('f'),
        cause: { name: 'RangeError', message: 'out of range', code: 'E_RANGE', stack: frames('g') },
      },
    };
    const plain = renderConsoleTable(doc([failed]));
    expect(plain).toContain(
      'FAILED: s v 10 #1: run: ExportError: stopped\n  | at f0 (file:///x.mjs:1:1)\n  | at f1 (file:///x.mjs:2:1)\n  | at f2 (file:///x.mjs:3:1)\n  | caused by RangeError: out of range [E_RANGE]\n  |   at g0 (file:///x.mjs:1:1)',
    );
    expect(plain).not.toContain('f3');
    expect(plain).not.toContain('g1');
    const verbose = renderConsoleTable(doc([failed]), { verbose: true });
    expect(verbose).toContain('  | at f4 (file:///x.mjs:5:1)\n  | caused by RangeError');
    expect(verbose).toContain('  |   at g4 (file:///x.mjs:5:1)');
  });
});
