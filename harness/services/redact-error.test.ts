/** A secret quoted in a thrown error's cause is redacted like one in its message, everywhere heapgate writes. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';
import { redactError } from './redact-secrets.js';

const FAILURE_SCENARIOS = path.join(REPO_ROOT, 'harness/testing/fixtures/failure-scenarios.mjs');

describe('redactError', () => {
  it('redacts the message, class, code, stack and stderr tail of an error and of each cause', () => {
    const redact = (t: string) => t.replaceAll('hunter2', '***');
    expect(
      redactError(
        {
          name: 'E hunter2',
          message: 'm hunter2',
          code: 'hunter2',
          stack: 'at f (hunter2)',
          stderrTail: 'hunter2',
          cause: { message: 'c hunter2', cause: { message: 'd hunter2', stack: 'at g (hunter2)' } },
        },
        redact,
      ),
    ).toEqual({
      name: 'E ***',
      message: 'm ***',
      code: '***',
      stack: 'at f (***)',
      stderrTail: '***',
      cause: { message: 'c ***', cause: { message: 'd ***', stack: 'at g (***)' } },
    });
  });
});

describe('a scenario whose error cause quotes its credentials', () => {
  it('has them redacted from the console, results.json and the report', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-redact-cause-'));
    try {
      const res = await runCli(['run', 'fixture-cause-leaks-secret', '--scenarios', FAILURE_SCENARIOS, '--verbose', '--out', out], {
        PG_URL: '',
        HEAPGATE_SERVICES: 'local',
      });
      expect(res.code).toBe(1);
      expect(res.stdout).toMatch(/caused by Error: connect to postgres:\/\/heapgate:\*\*\*@127\.0\.0\.1:\d+\/heapgate refused/);
      const leaked = /heapgate:(?!\*\*\*@)[^@\s"'<]+@127\.0\.0\.1/;
      expect(res.stdout).not.toMatch(leaked);
      expect(res.stderr).not.toMatch(leaked);
      for (const file of fs.readdirSync(out)) expect(fs.readFileSync(path.join(out, file), 'utf8'), file).not.toMatch(leaked);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
