/**
 * Server-side figures of the memory-pressure scenario, per phase, from an `onResponse` hook on
 * the service under test: the latency of *admitted* surge requests (2xx: what a shed 503 or a
 * client-side percentile over every answer would hide) and the work cache's hits and misses
 * (its `x-cache` header), so the hit ratio is that of one phase, not since the service started.
 */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';

/** The scenario's phases; `idle` is setup and the gaps between loads. */
export type Phase = 'idle' | 'surge' | 'probe' | 'normal';

/** Hits and misses of the work cache in one phase. */
export interface CacheCounts {
  hits: number;
  misses: number;
}

/** Records per phase; switch with {@link PhaseRecorder.phase}. */
export class PhaseRecorder {
  /** The phase responses are counted in now. */
  phase: Phase = 'idle';
  /** Server-side time of admitted (2xx) `/work` responses during the surge, in microseconds. */
  readonly surgeAdmittedMicros: RecordableHistogram = createHistogram();
  readonly cache: Record<Phase, CacheCounts> = {
    idle: { hits: 0, misses: 0 },
    surge: { hits: 0, misses: 0 },
    probe: { hits: 0, misses: 0 },
    normal: { hits: 0, misses: 0 },
  };

  /** Adds the hook to `app` (before it listens). */
  attach(app: FastifyInstance): void {
    app.addHook('onResponse', (request, reply, done) => {
      if (request.routeOptions.url === '/work/:key' && reply.statusCode < 300) {
        const cached = reply.getHeader('x-cache');
        if (cached === 'hit') this.cache[this.phase].hits++;
        else if (cached === 'miss') this.cache[this.phase].misses++;
        // elapsedTime: ms since fastify received the request, read once the response is sent.
        if (this.phase === 'surge') this.surgeAdmittedMicros.record(Math.max(1, Math.round(reply.elapsedTime * 1000)));
      }
      done();
    });
  }

  /** p99 of admitted surge responses, ms; 0 when none was admitted. */
  surgeAdmittedP99Ms(): number {
    return this.surgeAdmittedMicros.count === 0 ? 0 : this.surgeAdmittedMicros.percentile(99) / 1000;
  }

  /** hits / (hits + misses) of `phase`; 0 when the cache was not asked. */
  hitRatio(phase: Phase): number {
    const { hits, misses } = this.cache[phase];
    return hits + misses === 0 ? 0 : hits / (hits + misses);
  }
}
