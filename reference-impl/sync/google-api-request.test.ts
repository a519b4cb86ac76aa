/**
 * The retry policy of {@link requestGoogleJson} against the People fake: what is retried,
 * how long it waits, and what is thrown at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakePeopleApi, startFakePeopleApi } from '../api-fakes/fake-people-api.js';
import { parseRetryAfterMs, requestGoogleJson } from './google-api-request.js';

let fake: FakePeopleApi;
beforeAll(async () => {
  fake = await startFakePeopleApi({ records: 3 });
});
afterAll(async () => {
  await fake?.close();
});

const url = () => `${fake.url}/v1/people/me/connections?personFields=names`;

describe('parseRetryAfterMs', () => {
  it('reads delta-seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfterMs('7')).toBe(7000);
    expect(parseRetryAfterMs('Wed, 02 Dec 2026 00:00:30 GMT', Date.UTC(2026, 11, 2, 0, 0, 0))).toBe(30_000);
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
  });
});

describe('requestGoogleJson', () => {
  it('waits Retry-After after a 429, backs off exponentially after 500s, then returns the body', async () => {
    const waits: number[] = [];
    fake.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 4 });
    fake.faults.inject({ kind: 'server-error' }, 2);
    const body = (await requestGoogleJson(url(), { accessToken: 'r1', baseBackoffMs: 100, sleep: async (ms) => void waits.push(ms) })) as {
      connections: unknown[];
    };
    expect(body.connections).toHaveLength(3);
    expect(waits).toEqual([4000, 200, 400]);
  });

  it('caps the wait at maxDelayMs and gives up after maxAttempts with the last status', async () => {
    const waits: number[] = [];
    fake.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 3600 }, 2);
    await expect(
      requestGoogleJson(url(), { accessToken: 'r2', maxAttempts: 2, maxDelayMs: 5000, sleep: async (ms) => void waits.push(ms) }),
    ).rejects.toMatchObject({ code: 'HEAPGATE_SYNC_API_ERROR', status: 429, reason: 'RESOURCE_EXHAUSTED', attempts: 2 });
    expect(waits).toEqual([5000]);
  });

  it('does not retry a 4xx: throws at once with Google’s reason', async () => {
    let retries = 0;
    await expect(
      requestGoogleJson(`${fake.url}/v1/people/me/connections?personFields=names&pageSize=5000`, {
        accessToken: 'r3',
        onRetry: () => void retries++,
      }),
    ).rejects.toMatchObject({ code: 'HEAPGATE_SYNC_API_ERROR', status: 400, reason: 'INVALID_ARGUMENT', attempts: 1 });
    expect(retries).toBe(0);
  });

  it('retries a connection reset mid-body, and reports unavailable when it never gets through', async () => {
    fake.faults.inject({ kind: 'reset-mid-page' }, 3);
    await expect(requestGoogleJson(url(), { accessToken: 'r4', maxAttempts: 3, sleep: async () => {} })).rejects.toMatchObject({
      code: 'HEAPGATE_SYNC_API_UNAVAILABLE',
      attempts: 3,
    });
    fake.faults.inject({ kind: 'reset-mid-page' });
    await expect(requestGoogleJson(url(), { accessToken: 'r4', sleep: async () => {} })).resolves.toMatchObject({ totalPeople: 3 });
  });
});
