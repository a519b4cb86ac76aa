/**
 * Seed 001's degradation against a real PostgreSQL: a memory circuit breaker whose reading
 * grows with the rows of the batch in hand trips at batches of 100 and 50, and the wrapper
 * returns the 25-row step's partial results with a warning instead of failing.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MinimalContact } from '../contacts/contact.js';
import { StreamingContactRepository, type StreamingOptions } from '../contacts/streaming-contact-repository.js';
import { MemoryCircuitBreaker } from '../memory/memory-circuit-breaker.js';
import { MemoryMonitor } from '../memory/memory-monitor.js';
import type { MemoryUsage } from '../memory/memory-usage.js';
import { freeTimeSlots } from '../suggestions/free-time-slots.js';
import { type ContactsFixture, seedContactsFixture } from '../test-fixtures/contacts-fixture.js';
import { createTestSchema, type TestSchema } from '../test-fixtures/test-schema.js';
import { generateSuggestionsWithFallback } from './generate-suggestions-with-fallback.js';

/** The real repository, remembering the size of the batch it handed out last. */
class RecordingRepository extends StreamingContactRepository {
  lastBatchRows = 0;
  readonly batchSizesAsked: number[] = [];
  override async *streamMinimalContacts(userId: string, options?: StreamingOptions): AsyncGenerator<MinimalContact[], void, undefined> {
    this.batchSizesAsked.push(options?.batchSize ?? 100);
    for await (const batch of super.streamMinimalContacts(userId, options)) {
      this.lastBatchRows = batch.length;
      yield batch;
    }
  }
}

let db: TestSchema;
let pool: pg.Pool;
let dataset: ContactsFixture;
let repo: RecordingRepository;

beforeAll(async () => {
  db = await createTestSchema('fallback');
  pool = db.pool({ max: 1, connectionTimeoutMillis: 5_000 });
  const client = await pool.connect();
  try {
    dataset = await seedContactsFixture(client, { records: 700 });
  } finally {
    client.release();
  }
  repo = new RecordingRepository({ pool });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

/**
 * A heap that holds 50 % of its limit plus 0.4 % per row of the batch in hand: 90 % with 100
 * rows, 70 % with 50, 60 % with 25. The breaker trips above 65 %.
 */
function rowsBreaker(): MemoryCircuitBreaker {
  const limit = 1_000_000_000;
  return new MemoryCircuitBreaker({
    maxHeapPercent: 65,
    checkIntervalMs: 0,
    enableLogging: false,
    readMemoryUsage: (): MemoryUsage => {
      const heapPercent = 50 + 0.4 * repo.lastBatchRows;
      const heapUsed = (heapPercent / 100) * limit;
      return { heapUsed, heapTotal: heapUsed, heapSizeLimit: limit, heapPercent, rss: heapUsed, external: 0 };
    },
  });
}

const options = () => ({ nowMs: dataset.referenceTimeMs, slots: freeTimeSlots(dataset.referenceTimeMs), retryDelayMs: 0 });

describe('generateSuggestionsWithFallback', () => {
  it('returns the first step untouched when the breaker stays closed', async () => {
    repo.batchSizesAsked.length = 0;
    const result = await generateSuggestionsWithFallback(repo, dataset.userId, options());
    expect(result).toMatchObject({ complete: true, step: 0, batchSize: 100, maxSuggestions: 50, warning: null, rowsRead: 100, batches: 1 });
    expect(result.suggestions).toHaveLength(50);
    expect(result.attempts).toEqual([{ batchSize: 100, maxSuggestions: 50, outcome: 'ok' }]);
  });

  it('on MemoryCircuitBreakerError retries 100 → 50 → 25 and returns the partial results with a warning', async () => {
    repo.batchSizesAsked.length = 0;
    const logger = vi.fn();
    const result = await generateSuggestionsWithFallback(repo, dataset.userId, {
      ...options(),
      breaker: rowsBreaker(),
      stopEarly: false, // asked for a full pass: the fallback steps skip it
      monitor: new MemoryMonitor({ logger, enableAlerts: false }),
    });
    expect(repo.batchSizesAsked).toEqual([100, 50, 25]);
    expect(result.attempts).toEqual([
      { batchSize: 100, maxSuggestions: 50, outcome: 'memory-circuit-open', heapPercent: 90 },
      { batchSize: 50, maxSuggestions: 25, outcome: 'memory-circuit-open', heapPercent: 70 },
      { batchSize: 25, maxSuggestions: 10, outcome: 'ok' },
    ]);
    expect(result).toMatchObject({ complete: false, step: 2, batchSize: 25, maxSuggestions: 10 });
    expect(result.warning).toBe(
      'memory pressure: partial results (at most 10 suggestions from batches of 25) after the memory circuit breaker opened 2 times',
    );
    expect(result.suggestions).toHaveLength(10);
    expect(result.suggestions.every((s) => s.priority >= 1)).toBe(true);
    // The 25-row step stopped early (a full pass is not critical) and ran without the monitor.
    expect(result.batches).toBeLessThan(Math.ceil(dataset.activeContacts / 25));
    expect(result.rowsRead).toBe(result.batches * 25);
    // The monitor wraps scoring, which the tripped attempts never reached; the 25-row step scored
    // its batches without it.
    expect(logger).not.toHaveBeenCalled();
    // Every tripped attempt released its connection.
    expect(pool.idleCount).toBe(1);
    const { rows } = await pool.query<{ portals: number }>('SELECT count(*)::int AS portals FROM pg_cursors');
    expect(rows[0]!.portals).toBe(0);
  });

  it('returns no suggestions and a warning, instead of throwing, when every step trips', async () => {
    const breaker = new MemoryCircuitBreaker({ maxHeapPercent: 0.0001, enableLogging: false });
    const result = await generateSuggestionsWithFallback(repo, dataset.userId, { ...options(), breaker });
    expect(result).toMatchObject({ suggestions: [], complete: false, step: null, batchSize: null, maxSuggestions: null });
    expect(result.warning).toBe('memory pressure: no suggestions; the memory circuit breaker opened on all 3 attempts');
    expect(result.attempts.map((a) => a.outcome)).toEqual(['memory-circuit-open', 'memory-circuit-open', 'memory-circuit-open']);
  });

  it('throws errors other than the breaker’s as they are, and validates its steps', async () => {
    const broken = new StreamingContactRepository({ pool });
    await expect(generateSuggestionsWithFallback(broken, dataset.userId, { ...options(), strategy: 'nope' as 'cursor' })).rejects.toThrow();
    await expect(generateSuggestionsWithFallback(repo, dataset.userId, { ...options(), steps: [] })).rejects.toThrow(
      /steps must be a non-empty array/,
    );
    await expect(
      generateSuggestionsWithFallback(repo, dataset.userId, { ...options(), steps: [{ batchSize: 0, maxSuggestions: 5 }] }),
    ).rejects.toThrow(/steps\[0\]\.batchSize/);
    await expect(generateSuggestionsWithFallback(repo, dataset.userId, { ...options(), retryDelayMs: -1 })).rejects.toThrow(/retryDelayMs/);
  });
});
