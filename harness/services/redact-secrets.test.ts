import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_SCENARIOS, runCli } from '../testing/run-cli.js';
import { redactUrl } from './net.js';
import { createRedactor, secretsOf } from './redact-secrets.js';

describe('secretsOf / createRedactor', () => {
  it('takes passwords (decoded and URL-encoded), query-string passwords and S3 keys; ignores trivial ones', () => {
    const secrets = secretsOf({
      postgres: { connectionString: 'postgres://u:p%40ss-w0rd@127.0.0.1:5432/db?password=querySecret1' },
      redis: { url: 'redis://:x@127.0.0.1:6379' },
      s3: {
        endpoint: 'http://127.0.0.1:9000',
        region: 'us-east-1',
        accessKeyId: 'AKID',
        secretAccessKey: 's3cr3t/key+1',
        forcePathStyle: true,
      },
    });
    expect(secrets).toEqual(expect.arrayContaining(['p%40ss-w0rd', 'p@ss-w0rd', 'querySecret1', 's3cr3t/key+1', 's3cr3t%2Fkey%2B1']));
    expect(secrets).not.toContain('x');
    const redact = createRedactor(secrets);
    expect(redact('auth failed for postgres://u:p%40ss-w0rd@host (p@ss-w0rd) key s3cr3t/key+1')).toBe(
      'auth failed for postgres://u:***@host (***) key ***',
    );
    expect(createRedactor([])('unchanged')).toBe('unchanged');
  });

  it('redactUrl masks a password in the userinfo and in the query string', () => {
    expect(redactUrl('postgres://u:pw123456@h:5432/db?sslmode=disable&password=other123')).toBe(
      'postgres://u:***@h:5432/db?sslmode=disable&password=***',
    );
  });
});

describe('a scenario that quotes its credentials', () => {
  it('has them redacted from the console, results.json and every report', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-redact-'));
    try {
      const res = await runCli(['run', 'fixture-leaks-secret', '--scenarios', FIXTURE_SCENARIOS, '--verbose', '--out', out], {
        PG_URL: '',
        HEAPGATE_SERVICES: 'local',
      });
      expect(res.code).toBe(1);
      // The connection string is there, with the password replaced.
      expect(res.stdout).toMatch(/cannot use postgres:\/\/heapgate:\*\*\*@127\.0\.0\.1:\d+\/heapgate/);
      expect(res.stderr).toMatch(/seeding postgres:\/\/heapgate:\*\*\*@127\.0\.0\.1/);
      const leaked = /heapgate:(?!\*\*\*@)[^@\s"'<]+@127\.0\.0\.1/;
      expect(res.stdout).not.toMatch(leaked);
      expect(res.stderr).not.toMatch(leaked);
      for (const file of fs.readdirSync(out)) expect(fs.readFileSync(path.join(out, file), 'utf8'), file).not.toMatch(leaked);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
