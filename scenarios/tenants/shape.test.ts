import { describe, expect, it } from 'vitest';
import { tenantShape } from './shape.js';

describe('tenants shape', () => {
  it('derives tenant shapes from the id alone, within seed 004 ranges', () => {
    expect(tenantShape(17)).toEqual(tenantShape(17));
    for (let t = 1; t <= 200; t++) {
      const s = tenantShape(t);
      expect(s.creditCosts).toBeGreaterThanOrEqual(20);
      expect(s.creditCosts).toBeLessThanOrEqual(50);
      expect(s.users).toBeLessThanOrEqual(100);
      expect(s.profiles).toBeLessThanOrEqual(Math.min(50, s.users));
      expect(s.hierarchy).toBeGreaterThanOrEqual(10);
    }
  });
});
