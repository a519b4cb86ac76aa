/**
 * `heapgate profile --with doctor|flame` end to end, with the real clinic collectors: the page
 * clinic renders, linked from the report and listed in results.json; a child that hangs under
 * clinic killed at its timeout with everything it started; clinic failing as a failed run; the
 * scratch directory gone in every case.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../results/results-document.js';
import { REPO_ROOT, startCli } from '../testing/run-cli.js';

const GATE_FIXTURES = path.join(REPO_ROOT, 'harness/testing/fixtures/gate-scenarios.mjs');
const TIMEOUT_FIXTURES = path.join(REPO_ROOT, 'harness/testing/fixtures/timeout-scenarios.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-profile-clinic-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs `heapgate profile` and returns what it printed, its exit code and its pid. */
async function profile(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const { child, done } = startCli(['profile', ...args], env);
  const pid = child.pid!;
  return { pid, ...(await done) };
}

/** clinic scratch directories a CLI process `pid` left in the temp dir (`makeOwnedTempDir('clinic')`). */
function scratchDirsOf(pid: number): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`heapgate-clinic-${pid}-`));
}

/** Running (a zombie is dead). */
function alive(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

const readDoc = (out: string) => JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as ResultsDocument;

describe('heapgate profile under clinic', () => {
  it.each([
    ['doctor', 'Clinic Doctor'],
    ['flame', 'Clinic Flame'],
  ] as const)('--with %s writes clinic’s page of the run, linked from the report and listed in results.json', async (kind, title) => {
    const out = path.join(tmp, kind);
    // 100,000 records: a run of tens of milliseconds, which flame's 1 ms samples do not miss
    // (at 10,000, a 2 ms run, a loaded machine left it out of the graph once).
    const res = await profile([
      'fixture-gate',
      '--variant',
      'keep',
      '--records',
      '100000',
      '--with',
      kind,
      '--scenarios',
      GATE_FIXTURES,
      '--out',
      out,
    ]);
    expect(res.code, res.stderr).toBe(0);
    const file = path.join(out, `fixture-gate-keep-100000-r1.${kind}.html`);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain(`<title>${title}`);
    if (kind === 'doctor') {
      // The samples doctor took of the child (flushed on the child's way out), embedded as data.
      const samples = /"processStat": \[\s*(\{"timestamp":\d+)/.exec(html);
      expect(samples, 'doctor page without process samples').not.toBeNull();
    } else {
      // The run's own function is in the flame graph: the measured child ran under 0x.
      expect(html).toContain('buildKnownStructure');
    }
    const doc = readDoc(out);
    expect(doc.profiles).toEqual([
      { scenario: 'fixture-gate', variant: 'keep', records: 100_000, kind, path: file, reason: 'heapgate profile' },
    ]);
    expect(doc.runs.map((r) => [r.status, r.profilePath, r.counters])).toEqual([['ok', file, { items: 100_000 }]]);
    expect(doc.runs[0]!.warnings).toEqual([
      expect.stringContaining(`profiled by clinic ${kind}: the profile covers the whole child process`),
    ]);
    expect(doc.verdicts).toEqual([]);
    const report = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(report).toContain(`href="fixture-gate-keep-100000-r1.${kind}.html"`);
    expect(report).toContain('it covers the whole child process');
    expect(res.stdout).toContain(`profile: ${file}`);
    expect(res.stdout).toContain(
      `profiled by clinic ${kind}: the profile covers the whole child process (module loading, setup and teardown too`,
    );
    expect(scratchDirsOf(res.pid)).toEqual([]);
  });

  it('kills a child that hangs under clinic at its timeout, with what it started, as a timeout run', async () => {
    const out = path.join(tmp, 'hangs');
    const pidFile = path.join(tmp, 'pids.jsonl');
    const res = await profile(
      ['fixture-hangs', '--variant', 'forever', '--with', 'doctor', '--timeout', '4s', '--scenarios', TIMEOUT_FIXTURES, '--out', out],
      { HEAPGATE_FIXTURE_PID_FILE: pidFile },
    );
    expect(res.code).toBe(1);
    const [run] = readDoc(out).runs;
    expect(run!.status).toBe('timeout');
    expect(run!.error!.stderrTail).toContain('waiting for a reply that never comes');
    const pids = JSON.parse(fs.readFileSync(pidFile, 'utf8').trim()) as { child: number; grandchild: number };
    expect([alive(pids.child), alive(pids.grandchild)]).toEqual([false, false]);
    expect(scratchDirsOf(res.pid)).toEqual([]);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGKILL', null],
  ] as const)('leaves no child, grandchild or scratch dir behind when the harness gets %s under clinic', async (signal, code) => {
    const out = path.join(tmp, `killed-${signal}`);
    const pidFile = path.join(tmp, `pids-${signal}.jsonl`);
    const { child, done } = startCli(
      [
        'profile',
        'fixture-hangs',
        '--variant',
        'forever',
        '--with',
        'flame',
        '--timeout',
        '2m',
        '--scenarios',
        TIMEOUT_FIXTURES,
        '--out',
        out,
      ],
      { HEAPGATE_FIXTURE_PID_FILE: pidFile },
    );
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(pidFile) || !fs.readFileSync(pidFile, 'utf8').endsWith('\n')) {
      if (Date.now() > deadline) throw new Error('the hanging run never started');
      await new Promise((r) => setTimeout(r, 50));
    }
    const pids = JSON.parse(fs.readFileSync(pidFile, 'utf8').trim()) as { child: number; grandchild: number };
    expect([alive(pids.child), alive(pids.grandchild)]).toEqual([true, true]);
    expect(scratchDirsOf(child.pid!)).toHaveLength(1);
    child.kill(signal);
    expect((await done).code).toBe(code);
    // SIGINT: the harness's cleanup kills the group and removes the dir. SIGKILL: the clinic
    // entry sees its channel close and kills its group; the reaper removes the dir.
    const gone = Date.now() + 10_000;
    while ((alive(pids.child) || alive(pids.grandchild) || scratchDirsOf(child.pid!).length > 0) && Date.now() < gone) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect([alive(pids.child), alive(pids.grandchild), scratchDirsOf(child.pid!)]).toEqual([false, false, []]);
  });

  it('records clinic failing to write its page as a failed run with its stderr tail', async () => {
    const out = path.join(tmp, 'unwritable');
    // A directory where clinic's page should go: rendering it fails (EISDIR).
    fs.mkdirSync(path.join(out, 'fixture-gate-keep-10000-r1.flame.html'), { recursive: true });
    const res = await profile([
      'fixture-gate',
      '--variant',
      'keep',
      '--records',
      '10000',
      '--with',
      'flame',
      '--scenarios',
      GATE_FIXTURES,
      '--out',
      out,
    ]);
    expect(res.code).toBe(1);
    const doc = readDoc(out);
    expect(doc.runs[0]).toMatchObject({
      status: 'failed',
      error: {
        message: expect.stringMatching(/^profile: .*EISDIR/),
        stderrTail: expect.stringContaining('heapgate clinic: clinic flame could not write'),
      },
    });
    expect(doc.profiles ?? []).toEqual([]);
    expect(scratchDirsOf(res.pid)).toEqual([]);
  });
});
