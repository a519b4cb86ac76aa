/**
 * The shared L2 of the `tenants` scenario's `tiered` variant. In production Redis is shared by
 * every consumer instance and holds what the fleet read within the TTL; a fresh instance starts
 * with a cold L1 and a warm L2. {@link warmL2} reproduces that: it writes the values of every key
 * a warm-up stream (the fleet's recent traffic, same distribution, another seed) touched,
 * straight from PostgreSQL as JSON text, in pipelined batches.
 */
import type { Redis } from 'ioredis';
import { DATA_TYPES, globalKey, USER_PROFILE } from './keys.js';
import type { TenantSource } from './source.js';
import type { TenantWorkload } from './workload.js';

/** Tenants per bulk query while warming. */
const TENANTS_PER_QUERY = 1000;

/** Writes the values of every key of `history` under `prefix`; returns the number of keys. */
export async function warmL2(redis: Redis, source: TenantSource, history: TenantWorkload, prefix: string, ttlMs: number): Promise<number> {
  // Distinct keys per data type: tenant ids, and "tenant:user" for profiles.
  const tenantsByType = DATA_TYPES.map(() => new Set<number>());
  const profiles = new Set<string>();
  for (let i = 0; i < history.length; i++) {
    const type = history.types[i]!;
    tenantsByType[type]!.add(history.tenantIds[i]!);
    if (type === USER_PROFILE) profiles.add(`${history.tenantIds[i]}:user-${history.users[i]}`);
  }
  let written = 0;
  for (const [type, tenantSet] of tenantsByType.entries()) {
    const tenants = [...tenantSet].sort((a, b) => a - b);
    for (let i = 0; i < tenants.length; i += TENANTS_PER_QUERY) {
      const texts = await source.loadTexts(DATA_TYPES[type]!, tenants.slice(i, i + TENANTS_PER_QUERY));
      const pipeline = redis.pipeline();
      for (const t of texts) {
        if (type === USER_PROFILE) {
          if (!profiles.has(`${t.tenantId}:${t.userId}`)) continue;
          pipeline.set(`${prefix}${t.tenantId}:user-profile:${t.userId}`, t.text, 'PX', ttlMs);
        } else {
          pipeline.set(`${prefix}${globalKey(t.tenantId, type, 0)}`, t.text, 'PX', ttlMs);
        }
        written++;
      }
      const results = await pipeline.exec();
      const failed = results?.find(([err]) => err);
      if (failed) throw new Error(`warming L2 failed: ${(failed[0] as Error).message}`, { cause: failed[0] });
    }
  }
  return written;
}

/** Deletes every key under `prefix` (SCAN + UNLINK); returns how many. */
export async function clearL2(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}
