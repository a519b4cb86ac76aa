/**
 * Ctrl-C in the middle of a run must leave nothing behind: no PostgreSQL, no measured child,
 * no temp directory, no password file — whether it lands while PostgreSQL starts, while a
 * seeder holds a connection, or while a measured child runs. Runs the real CLI with the
 * embedded PostgreSQL and interrupts it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_SCENARIOS, startCli } from '../testing/run-cli.js';

function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (after the parenthesised command name) is the parent pid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const visit = (p: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        out.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    const state = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').slice(-0).split(') ')[1]?.[0];
    return state !== 'Z';
  } catch {
    return false;
  }
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

describe('interruption', () => {
  it('SIGINT mid-run stops PostgreSQL and the child and removes the temp dir', async () => {
    const { child, done } = startCli(
      ['run', 'fixture-slow-pg', '--records', '60000', '--scenarios', FIXTURE_SCENARIOS, '--out', `/tmp/heapgate-interrupt-${process.pid}`],
      { PG_URL: '', HEAPGATE_SERVICES: 'local' },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    // Wait until the measured child is running (PostgreSQL is up by then).
    const deadline = Date.now() + 60_000;
    while (!/\[1\/1\] fixture-slow-pg/.test(stderr)) {
      if (Date.now() > deadline) throw new Error(`run never started:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300));
    const tree = descendants(child.pid!);
    const commands = tree.map(cmdline);
    const postgres = tree.filter((_, i) => /postgres/.test(commands[i]!));
    const measured = tree.filter((_, i) => commands[i]!.includes('child-entry.js'));
    const dataDir = commands.map((c) => / -D (\S+)/.exec(c)?.[1]).find(Boolean);
    expect(postgres.length).toBeGreaterThan(0);
    expect(measured.length).toBe(1);
    expect(dataDir).toBeTruthy();
    const tempParent = dataDir!.replace(/\/data$/, '');
    expect(fs.existsSync(tempParent)).toBe(true);
    // The CLI keeps its cluster in the cache dir (the global setup's, for tests) unless another
    // invocation holds that one: then it ran a temporary cluster.
    const cached = tempParent.startsWith(`${process.env.HEAPGATE_CACHE_DIR}/`);

    child.kill('SIGINT');
    const res = await done;
    expect(res.code).toBe(130);
    // Give the kernel a moment to reap the postmaster's own children.
    await new Promise((r) => setTimeout(r, 500));
    expect(tree.filter(alive)).toEqual([]);
    if (cached) {
      // Kept for the next invocation, stopped cleanly and unlocked.
      expect(fs.existsSync(path.join(tempParent, 'ready.json'))).toBe(true);
      expect(fs.existsSync(path.join(tempParent, 'lock'))).toBe(false);
      expect(fs.existsSync(path.join(dataDir!, 'postmaster.pid'))).toBe(false);
    } else {
      expect(fs.existsSync(tempParent)).toBe(false);
    }
    fs.rmSync(`/tmp/heapgate-interrupt-${process.pid}`, { recursive: true, force: true });
  });

  it('SIGINT while a seeder holds a connection exits 130 without a crash, leaving nothing', async () => {
    const passwordFilesBefore = passwordFiles();
    const { child, done } = startCli(
      ['run', 'fixture-slow-seed-pg', '--scenarios', FIXTURE_SCENARIOS, '--out', `/tmp/heapgate-interrupt-seed-${process.pid}`],
      {
        PG_URL: '',
        HEAPGATE_SERVICES: 'local',
      },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor(
      () => /seeding \(holding a query open\)/.test(stderr),
      60_000,
      () => stderr,
    );
    const tree = descendants(child.pid!);
    expect(tree.some((p) => /postgres/.test(cmdline(p)))).toBe(true);
    child.kill('SIGINT');
    const res = await done;
    // Before the fix: the seeder's client emitted an unhandled 'error' (ECONNRESET) while
    // PostgreSQL stopped, and the CLI died with exit 1.
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).not.toMatch(/Unhandled 'error' event|ECONNRESET|FAILED/);
    await new Promise((r) => setTimeout(r, 500));
    expect(tree.filter(alive)).toEqual([]);
    await expectNoLeakedPasswordFiles(passwordFilesBefore);
    fs.rmSync(`/tmp/heapgate-interrupt-seed-${process.pid}`, { recursive: true, force: true });
  });

  it('SIGINT while embedded PostgreSQL initialises leaves no password file behind', async () => {
    const passwordFilesBefore = passwordFiles();
    const { child, done } = startCli(
      [
        'run',
        'fixture-slow-pg',
        '--records',
        '1',
        '--scenarios',
        FIXTURE_SCENARIOS,
        '--out',
        `/tmp/heapgate-interrupt-init-${process.pid}`,
        // The cached cluster exists by now: --fresh makes this run create it again, with initdb.
        '--fresh',
      ],
      {
        PG_URL: '',
        HEAPGATE_SERVICES: 'local',
      },
    );
    // Interrupt as soon as initdb is running, i.e. while its password file exists.
    await waitFor(
      () => descendants(child.pid!).some((p) => /initdb/.test(cmdline(p))),
      60_000,
      () => 'initdb never started',
    );
    child.kill('SIGINT');
    const res = await done;
    expect(res.code).toBe(130);
    await expectNoLeakedPasswordFiles(passwordFilesBefore);
    fs.rmSync(`/tmp/heapgate-interrupt-init-${process.pid}`, { recursive: true, force: true });
  });
});

function passwordFiles(): Set<string> {
  return new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('pg-password-')));
}

/**
 * Every password file that appeared since `before` must be gone. Other test files may be
 * running initdb at the same moment (their file lives for a second or two), so a new file
 * gets up to 15 s to disappear; a leaked one never does.
 */
async function expectNoLeakedPasswordFiles(before: Set<string>): Promise<void> {
  const appeared = [...passwordFiles()].filter((n) => !before.has(n));
  const deadline = Date.now() + 15_000;
  let left = appeared;
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    left = left.filter((n) => fs.existsSync(path.join(os.tmpdir(), n)));
  }
  expect(left).toEqual([]);
}

async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
