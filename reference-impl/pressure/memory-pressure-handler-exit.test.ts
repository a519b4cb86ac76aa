/**
 * A handler never keeps its process alive: a child process that starts one (timer and GC
 * observer), drives it into emergency with registered actions and never closes it must still
 * exit on its own. Uses the compiled build (`npm test` builds first).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test-fixtures/repo-root.js';

const moduleUrl = (p: string) => JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist/reference-impl/pressure', p)).href);

/** Runs `body` in a fresh Node process; resolves with its exit code, signal and stdout. */
function runChild(body: string): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const script = `
    const { MemoryPressureHandler } = await import(${moduleUrl('memory-pressure-handler.js')});
    const { BackgroundTaskRegistry } = await import(${moduleUrl('background-task-registry.js')});
    const { registerSeedActions } = await import(${moduleUrl('seed-pressure-actions.js')});
    ${body}
  `;
  return new Promise((resolve) => {
    // The timeout is the failure: a child still alive after it was kept alive by something.
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: REPO_ROOT, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: child.exitCode, signal: child.signalCode ?? (err as { signal?: string } | null)?.signal ?? null, stdout, stderr });
      },
    );
  });
}

describe('MemoryPressureHandler and the event loop', () => {
  it('a started handler that is never closed lets the process exit', async () => {
    const result = await runChild(`
      let ratio = 0.99;
      const handler = new MemoryPressureHandler({ sampleIntervalMs: 50, logger: () => {}, readPressure: () => ({ usedBytes: ratio * 1e9, limitBytes: 1e9 }) });
      const tasks = new BackgroundTaskRegistry({ logger: () => {} });
      tasks.every('report', 20, () => {});
      registerSeedActions(handler, { tasks });
      handler.start();
      let garbage = []; for (let i = 0; i < 300000; i++) garbage.push({ i }); garbage = null;
      setTimeout(() => { ratio = 0.1; process.stdout.write(JSON.stringify({ level: handler.level, paused: tasks.isPaused('report') })); }, 200);
    `);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ level: 'emergency', paused: true });
  });

  it('a closed handler reads nothing more, on the timer or after garbage collections', async () => {
    const result = await runChild(`
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const churn = () => { let g = []; for (let i = 0; i < 300000; i++) g.push({ i }); g = null; };
      const handler = new MemoryPressureHandler({ sampleIntervalMs: 20, logger: () => {} });
      handler.start();
      churn();
      await sleep(100);
      const open = handler.stats();
      handler.close();
      const closedAt = handler.stats().readings;
      churn();
      await sleep(200);
      churn();
      await sleep(50);
      process.stdout.write(JSON.stringify({ open, closedAt, later: handler.stats().readings, running: handler.running }));
    `);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.open.readings).toBeGreaterThan(1);
    expect(out.open.gcReadings).toBeGreaterThan(0);
    expect(out.running).toBe(false);
    expect(out.later).toBe(out.closedAt);
  });
});
