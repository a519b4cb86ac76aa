import { describe, expect, it } from 'vitest';
import { DATA_TYPES, USER_PROFILE } from './keys.js';
import { tenantShape } from './shape.js';
import { accessCount, buildWorkload, sampleCdf, zipfCdf } from './workload.js';

describe('tenants workload', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = buildWorkload({ tenants: 500, accesses: 2000, seed: 1 });
    const b = buildWorkload({ tenants: 500, accesses: 2000, seed: 1 });
    const c = buildWorkload({ tenants: 500, accesses: 2000, seed: 2 });
    expect(Buffer.from(a.tenantIds.buffer).equals(Buffer.from(b.tenantIds.buffer))).toBe(true);
    expect(Buffer.from(a.users.buffer).equals(Buffer.from(b.users.buffer))).toBe(true);
    expect(Buffer.from(a.tenantIds.buffer).equals(Buffer.from(c.tenantIds.buffer))).toBe(false);
  });

  it('is Zipf(1.0) across tenants: tenant k gets about 1/(k·H_n) of the accesses', () => {
    const tenants = 1000;
    const w = buildWorkload({ tenants, accesses: 200_000, seed: 7 });
    const counts = new Map<number, number>();
    for (const t of w.tenantIds) counts.set(t, (counts.get(t) ?? 0) + 1);
    let harmonic = 0;
    for (let k = 1; k <= tenants; k++) harmonic += 1 / k;
    for (const k of [1, 2, 10]) {
      const expected = 200_000 / (k * harmonic);
      expect(Math.abs(counts.get(k)! - expected) / expected).toBeLessThan(0.05);
    }
    expect(w.tenantIds.every((t) => t >= 1 && t <= tenants)).toBe(true);
  });

  it("draws data types by weight and profile users within each tenant's profiles", () => {
    const w = buildWorkload({ tenants: 50, accesses: 50_000, seed: 3 });
    const byType = new Array(DATA_TYPES.length).fill(0);
    for (let i = 0; i < w.length; i++) {
      byType[w.types[i]!]++;
      if (w.types[i] === USER_PROFILE) {
        expect(w.users[i]).toBeGreaterThanOrEqual(1);
        expect(w.users[i]).toBeLessThanOrEqual(tenantShape(w.tenantIds[i]!).profiles);
      } else {
        expect(w.users[i]).toBe(0);
      }
    }
    expect(byType[DATA_TYPES.indexOf('credit-costs')] / w.length).toBeCloseTo(0.3, 1);
    expect(byType[DATA_TYPES.indexOf('audit-logs')] / w.length).toBeCloseTo(0.03, 1);
  });

  it('sizes runs at 20 accesses per tenant within [5,000, 100,000]', () => {
    expect([accessCount(1), accessCount(1000), accessCount(10_000)]).toEqual([5000, 20_000, 100_000]);
  });

  it('samples a CDF by binary search', () => {
    const cdf = zipfCdf(3);
    expect([sampleCdf(cdf, 0), sampleCdf(cdf, 0.5), sampleCdf(cdf, 0.99)]).toEqual([0, 0, 2]);
  });
});
