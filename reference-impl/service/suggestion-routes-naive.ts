/**
 * `GET /users/:userId/suggestions`, the naive twin (seed 001 §6 "Before"): `SELECT *` of every
 * contact of the user into one array, scored and sorted in memory, on every request — no
 * breaker, no cache. Memory per request grows with the contact count times ~5 KB; kept so a
 * load test can put the two side by side. Answers exactly like the streaming route with
 * `scan: 'full'` ({@link SuggestionsResponse}).
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { freeTimeSlots } from '../suggestions/free-time-slots.js';
import { generateSuggestionsNaive } from '../suggestions/generate-suggestions-naive.js';
import { USER_PARAMS_SCHEMA, type UserParams } from './request-schemas.js';
import { toSuggestionsResponse } from './suggestions-response.js';

/** What {@link registerSuggestionRoutesNaive} needs. */
export interface SuggestionRouteOptionsNaive {
  readonly pool: pg.Pool;
  /** The "now" priorities are computed at, epoch milliseconds. */
  readonly clock: () => number;
  /** Suggestions per answer (≥ 1). */
  readonly maxSuggestions: number;
}

/** Registers the naive suggestion route on `app`. */
export function registerSuggestionRoutesNaive(app: FastifyInstance, options: SuggestionRouteOptionsNaive): void {
  const { pool, clock, maxSuggestions } = options;
  app.get<{ Params: UserParams }>('/users/:userId/suggestions', { schema: { params: USER_PARAMS_SCHEMA } }, async (request) => {
    const nowMs = clock();
    const result = await generateSuggestionsNaive(pool, request.params.userId, { nowMs, slots: freeTimeSlots(nowMs), maxSuggestions });
    return toSuggestionsResponse(result, false);
  });
}
