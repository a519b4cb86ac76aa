import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../results/results-document.js';
import { findHeapFloor } from './heap-floor.js';
import { FIXTURE_SCENARIOS, runCli } from '../testing/run-cli.js';

const job = { scenario: 's', variant: 'v', records: 1 };
const outcome = (ok: boolean): RunResult => ({ ...job, repeat: 0, status: ok ? 'ok' : 'oom', metrics: null, counters: {} });

describe('findHeapFloor', () => {
  it('brackets the true floor within the tolerance', async () => {
    for (const trueFloor of [9, 37, 100, 513, 3000]) {
      const floor = await findHeapFloor(job, async (mb) => outcome(mb >= trueFloor), { startMb: 64, toleranceMb: 4 });
      expect(floor.floorMb).toBeGreaterThanOrEqual(trueFloor);
      expect(floor.floorMb! - trueFloor).toBeLessThanOrEqual(4);
      expect(floor.probes.every((p) => (p.status === 'ok') === p.maxHeapMb >= trueFloor)).toBe(true);
    }
  });

  it('reports null when nothing up to maxMb completes', async () => {
    const floor = await findHeapFloor(job, async () => outcome(false), { startMb: 64, maxMb: 256 });
    expect(floor.floorMb).toBeNull();
    expect(floor.failedMb).toBe(256);
  });

  it('finds a real floor through the CLI that agrees between two runs', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-floor-'));
    const args = [
      'run',
      'fixture-keep-alive',
      '--records',
      '400000',
      '--heap-floor',
      '--json',
      '--scenarios',
      FIXTURE_SCENARIOS,
      '--out',
      out,
    ];
    const [a, b] = await (async () => [await runCli(args), await runCli(args)])().finally(() =>
      fs.rmSync(out, { recursive: true, force: true }),
    );
    const floors = [a, b].map((r) => JSON.parse(r.stdout).heapFloors[0].floorMb as number);
    expect(floors[0]).toBeGreaterThan(16);
    expect(Math.abs(floors[0]! - floors[1]!)).toBeLessThanOrEqual(8);
  });
});
