/**
 * Bench suite `run-overhead` (issue 14, deliverable 5): what a measured run costs beyond its
 * measured phase, beside the floor of starting any Node process (`node -e 0`), on the same
 * machine in the same invocation.
 *
 * Each round runs `node -e 0` {@link RUNS} times, then {@link RUNS} measured runs of the no-op
 * scenario (`run-overhead-noop-scenario.ts`) through `runChild` exactly as the runner's
 * `--repeat 10` loop does (a spare started for every run but the last), then the same without
 * spares. Per-run overhead = (wall time of the 10 runs − their summed `durationMs`) / 10.
 * Rounds alternate and the median round is checked: ≤ {@link MAX_OVERHEAD_MS} ms (the issue's
 * target; its machine ran `node -e 0` in ~100 ms). The notes split a run's wall time by step
 * (`probe/child-timings.ts`), medians over the spared runs of every round.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunOverhead } from '../harness/probe/child-timings.js';
import { runChild } from '../harness/runner/run-child.js';
import { discardSpareChild } from '../harness/runner/spare-child.js';
import { benchCheck, type BenchRow, type BenchSuite } from './bench-suite.js';

/** Measured runs per series, as `--repeat 10`. */
const RUNS = 10;
/** Rounds of (node -e 0 ×10, spared series, unspared series); the median round is checked. */
const ROUNDS = 3;
/** The issue's acceptance: per-run overhead at most this, in ms. */
const MAX_OVERHEAD_MS = 200;
const NOOP_SCENARIO = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-overhead-noop-scenario.js');

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Wall time of `node -e 0`, in ms. */
function nodeE0(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`node -e 0 exited ${code}`))));
  });
}

/** CPU time a `node -e` process has used when its script runs (its exit not included), in ms: the CPU floor, read as the child reads its own. */
function nodeE0Cpu(): Promise<number> {
  return new Promise((resolve, reject) => {
    const script = 'const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000))';
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`node -e exited ${code}`))));
  });
}

/** {@link RUNS} no-op runs; per-run overhead in ms and each run's breakdown. */
async function series(spares: boolean): Promise<{ overheadMs: number; breakdown: RunOverhead[] }> {
  const breakdown: RunOverhead[] = [];
  let measuredMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const result = await runChild(
      {
        scenarioFile: NOOP_SCENARIO,
        scenario: 'bench-noop',
        variant: 'noop',
        records: 1,
        repeat: i + 1,
        services: {},
        dataset: null,
        fixtures: null,
        sampleIntervalMs: 20,
      },
      { spareNext: spares && i < RUNS - 1, onOverhead: (o) => breakdown.push(o) },
    );
    if (result.status !== 'ok' || !result.metrics) throw new Error(`no-op run ${i + 1}: ${result.status} ${result.error?.message ?? ''}`);
    measuredMs += result.metrics.durationMs;
  }
  const wallMs = performance.now() - t0;
  discardSpareChild();
  return { overheadMs: (wallMs - measuredMs) / RUNS, breakdown };
}

function row(name: string, ms: readonly number[]): BenchRow {
  const m = median(ms);
  const spread = (Math.max(...ms) - Math.min(...ms)) / 2;
  return {
    name: `${name}: ${m.toFixed(0)} ms median`,
    throughput: 1000 / m,
    unit: 'runs/s',
    rmePercent: (100 * spread) / m,
    samples: ms.length,
  };
}

const suite: BenchSuite = {
  name: 'run-overhead',
  services: [],
  async run(ctx) {
    const floor: number[] = [];
    const spared: number[] = [];
    const unspared: number[] = [];
    const floorPerRound: number[] = [];
    const floorCpu: number[] = [];
    const breakdown: RunOverhead[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      ctx.log(`run-overhead: round ${round}/${ROUNDS}: node -e 0 ×${RUNS}, ${RUNS} no-op runs with spares, ${RUNS} without…`);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await nodeE0());
      floor.push(...times);
      floorPerRound.push(median(times));
      for (let i = 0; i < RUNS; i++) floorCpu.push(await nodeE0Cpu());
      const s = await series(true);
      spared.push(s.overheadMs);
      breakdown.push(...s.breakdown);
      unspared.push((await series(false)).overheadMs);
    }
    const overheadMs = median(spared);
    const floorMs = median(floor);
    const steps = Object.keys(breakdown[0] ?? {}) as (keyof RunOverhead)[];
    return {
      rows: [
        row('node -e 0', floor),
        row('per-run overhead, no-op scenario (spares)', spared),
        row('per-run overhead, no spares', unspared),
      ],
      checks: [benchCheck('per-run overhead of a no-op measured run, ms (median of rounds)', overheadMs, '<=', MAX_OVERHEAD_MS)],
      notes: [
        `node -e 0: ${floorMs.toFixed(0)} ms median (rounds ${floorPerRound.map((x) => x.toFixed(0)).join(', ')}); per-run overhead ${spared.map((x) => x.toFixed(0)).join(', ')} ms with spares, ${unspared.map((x) => x.toFixed(0)).join(', ')} ms without`,
        `overhead / node -e 0: ${(overheadMs / floorMs).toFixed(2)} with spares, ${(median(unspared) / floorMs).toFixed(2)} without`,
        `CPU time, which other processes on the machine barely move (medians, ms): a no-op run's child ${median(breakdown.map((b) => b.childCpuMs)).toFixed(1)} (start to result sent), node -e 0 ${median(floorCpu).toFixed(1)} (start to its script)`,
        `where a spared run's time goes (medians, ms): ${steps.map((k) => `${k} ${median(breakdown.map((b) => b[k])).toFixed(1)}`).join(', ')}`,
      ],
    };
  },
};

export default suite;
