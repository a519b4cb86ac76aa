/**
 * The memory-pressure scenario's traffic, in three phases, all to `/work/:key` on 127.0.0.1:
 *
 * 1. **surge**: `connections` connections at once (1,000 by default), each sending one hot key
 *    and then {@link SURGE_KEYS_PER_CONNECTION} keys of its own, once: ~5,000 distinct keys,
 *    far more results than the work cache holds, each miss holding its scratch while it runs.
 * 2. **probe**: a light load of {@link PROBE_CONNECTIONS} connections on the hot keys for
 *    {@link PROBE_MS}, during which recovery is watched.
 * 3. **normal**: {@link NORMAL_CONNECTIONS} connections on the hot keys for {@link NORMAL_MS}:
 *    the cached requests whose p99 and hit ratio the seed's targets are about.
 */
import type { LoadProfile, LoadRequest } from 'heapgate';

/** Hot keys: the ones every phase asks for, and a hot-data refresh brings back. Seed 004 refreshes 100. */
export const HOT_KEYS = 100;
/** Keys of its own each surge connection asks for after its hot key. */
export const SURGE_KEYS_PER_CONNECTION = 5;
/** Connections of the probe load. */
export const PROBE_CONNECTIONS = 10;
/** How long the probe load runs, ms: the longest recovery the scenario can see. */
export const PROBE_MS = 12_000;
/** Connections of the normal-phase load. */
export const NORMAL_CONNECTIONS = 20;
/** How long the normal-phase load runs, ms. */
export const NORMAL_MS = 5000;
/**
 * A surge request without an answer after this long is an error, ms. Generous: on a loaded
 * machine a thousand requests queue, and an answer that comes late is not a lost one.
 */
export const SURGE_REQUEST_TIMEOUT_MS = 30_000;

/** The path of hot key `i`. */
export function hotPath(i: number): string {
  return `/work/hot-${i % HOT_KEYS}`;
}

/** Every hot key's path. */
export function hotRequests(): LoadRequest[] {
  return Array.from({ length: HOT_KEYS }, (_, i) => ({ path: hotPath(i) }));
}

/** The surge: each connection sends its hot key, then its own keys, once. */
export function surgeProfile(connections: number): LoadProfile {
  const connectionRequests = Array.from({ length: connections }, (_, c) => [
    { path: hotPath(c) },
    ...Array.from({ length: SURGE_KEYS_PER_CONNECTION }, (_, k) => ({ path: `/work/s${c}-${k}` })),
  ]);
  return {
    connections,
    requestsPerConnection: SURGE_KEYS_PER_CONNECTION + 1,
    connectionRequests,
    requestTimeoutMs: SURGE_REQUEST_TIMEOUT_MS,
  };
}

/** The probe load (phase 2). */
export function probeProfile(): LoadProfile {
  return { connections: PROBE_CONNECTIONS, durationMs: PROBE_MS, requests: hotRequests() };
}

/** The normal-phase load (phase 3). */
export function normalProfile(): LoadProfile {
  return { connections: NORMAL_CONNECTIONS, durationMs: NORMAL_MS, requests: hotRequests() };
}
