/**
 * `GET /users/:userId/suggestions` over real HTTP against the contacts fixture: the streaming
 * route answers exactly like the naive twin (and like the generators themselves), caches per
 * user, stops early when told to, and answers 503 with `Retry-After` when the breaker trips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeTimeSlots } from '../suggestions/free-time-slots.js';
import { generateSuggestionsNaive } from '../suggestions/generate-suggestions-naive.js';
import { toSuggestionsResponse, type SuggestionsResponse } from './suggestions-response.js';
import { createTestContactsDatabase, startTestService, type TestContactsDatabase, type TestService } from './test-fixtures/test-service.js';

let data: TestContactsDatabase;
const services: TestService[] = [];

async function start(options: Omit<Parameters<typeof startTestService>[0], 'pool' | 'clock'>): Promise<TestService> {
  const service = await startTestService({ pool: data.pool, clock: () => data.fixture.referenceTimeMs, ...options });
  services.push(service);
  return service;
}

beforeAll(async () => {
  data = await createTestContactsDatabase('service_suggest', 700);
});

afterAll(async () => {
  await Promise.allSettled(services.map((s) => s.close()));
  await data?.drop();
});

describe('GET /users/:userId/suggestions', () => {
  it('streaming (full scan) and naive answer the same 50 suggestions, as the naive generator does', async () => {
    const streaming = await start({ suggestions: 'streaming', suggestionCache: false });
    const naive = await start({ suggestions: 'naive' });
    const path = `/users/${data.fixture.userId}/suggestions`;
    const [s, n] = await Promise.all([streaming.get(path), naive.get(path)]);
    expect(s.status).toBe(200);
    expect(n.status).toBe(200);
    const sBody = s.json as SuggestionsResponse;
    const nBody = n.json as SuggestionsResponse;
    expect(sBody.suggestions).toHaveLength(50);
    expect(sBody.suggestions).toEqual(nBody.suggestions);
    // Never-contacted contacts rank first; JSON carries their infinite priority as null.
    expect(sBody.suggestions[0]!.priority).toBeNull();
    expect(sBody.suggestions.at(-1)!.priority).toBeGreaterThanOrEqual(1);
    // The streaming pass read every active contact in batches; the naive one every row at once.
    expect(sBody.rowsRead).toBe(data.fixture.activeContacts);
    expect(sBody.batches).toBe(Math.ceil(data.fixture.activeContacts / 100));
    expect(nBody.rowsRead).toBe(data.fixture.records);
    expect([sBody.cached, nBody.cached]).toEqual([false, false]);

    const now = data.fixture.referenceTimeMs;
    const direct = await generateSuggestionsNaive(data.pool, data.fixture.userId, { nowMs: now, slots: freeTimeSlots(now) });
    expect(nBody).toEqual(JSON.parse(JSON.stringify(toSuggestionsResponse(direct, false))));
  });

  it('answers a user without contacts with no suggestions, on both routes', async () => {
    const streaming = await start({ suggestionCache: false });
    const naive = await start({ suggestions: 'naive' });
    const s = await streaming.get('/users/nobody-here/suggestions');
    const n = await naive.get('/users/nobody-here/suggestions');
    expect([s.status, n.status]).toEqual([200, 200]);
    // Batches count queries: the naive path always sends its one SELECT; the stream yields none.
    expect(s.json).toEqual({ suggestions: [], rowsRead: 0, batches: 0, cached: false });
    expect(n.json).toEqual({ suggestions: [], rowsRead: 0, batches: 1, cached: false });
  });

  it('serves a repeated request from the suggestion cache without reading PostgreSQL', async () => {
    const service = await start({ suggestionCache: { ttlMs: 60_000 } });
    const path = `/users/${data.fixture.userId}/suggestions`;
    const first = (await service.get(path)).json as SuggestionsResponse;
    const second = (await service.get(path)).json as SuggestionsResponse;
    expect(first.cached).toBe(false);
    expect(second).toEqual({ ...first, rowsRead: 0, batches: 0, cached: true });
    const other = (await service.get(`/users/${data.fixture.otherUserId}/suggestions`)).json as SuggestionsResponse;
    expect(other.cached).toBe(false);
    expect(other.suggestions.length).toBeGreaterThan(0);
    expect(other.suggestions).not.toEqual(first.suggestions);
  });

  it('early stop reads one batch and still answers 50 due contacts', async () => {
    const service = await start({ suggestionScan: 'early-stop', suggestionCache: false });
    const body = (await service.get(`/users/${data.fixture.userId}/suggestions`)).json as SuggestionsResponse;
    expect(body.suggestions).toHaveLength(50);
    expect(body.batches).toBe(1);
    expect(body.rowsRead).toBe(100);
    expect(body.suggestions.every((s) => s.priority === null || s.priority >= 1)).toBe(true);
  });

  it('answers 503 with Retry-After when the breaker trips, caches nothing, and releases the connection', async () => {
    const service = await start({ breaker: { maxHeapPercent: 0.0001, checkIntervalMs: 2500 } });
    const r = await service.get(`/users/${data.fixture.userId}/suggestions`);
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('3');
    expect(r.json).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'HEAPGATE_MEMORY_CIRCUIT_OPEN' });
    expect((r.json as { message: string }).message).toMatch(/circuit breaker open/);
    expect(Object.keys(r.json as object).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
    const again = await service.get(`/users/${data.fixture.userId}/suggestions`);
    expect(again.status).toBe(503);
    const { rows } = await data.pool.query<{ portals: number }>('SELECT count(*)::int AS portals FROM pg_cursors');
    expect(rows[0]!.portals).toBe(0);
    expect(data.pool.idleCount).toBe(data.pool.totalCount);
  });
});
