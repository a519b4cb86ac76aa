/** DegradationManager: admission by priority and in-flight cap, feature flags, counters. */
import { describe, expect, it } from 'vitest';
import { type Admitted, DegradationManager } from './degradation-manager.js';

describe('DegradationManager', () => {
  it('admits everything by default and counts requests in flight until released', () => {
    const m = new DegradationManager();
    const a = m.admit('normal') as Admitted;
    const b = m.admit('background') as Admitted;
    expect([a.admitted, b.admitted]).toEqual([true, true]);
    expect(m.inFlight).toBe(2);
    a.release();
    a.release(); // once only
    expect(m.inFlight).toBe(1);
    b.release();
    expect(m.stats()).toMatchObject({
      inFlight: 0,
      maxInFlight: Number.POSITIVE_INFINITY,
      admitted: { critical: 0, normal: 1, background: 1 },
    });
  });

  it('sheds the shed priorities with Retry-After, and never critical', () => {
    const m = new DegradationManager({ retryAfterSeconds: 7 });
    expect(m.setShedding(['normal', 'background'])).toEqual([]);
    expect(m.admit('normal')).toEqual({ admitted: false, priority: 'normal', reason: 'priority', retryAfterSeconds: 7 });
    expect(m.admit('background')).toMatchObject({ admitted: false, reason: 'priority' });
    expect(m.admit('critical').admitted).toBe(true);
    expect(m.shedding).toEqual(['normal', 'background']);
    expect(() => m.setShedding(['critical'])).toThrow(/critical requests are never shed/);
    expect(() => m.setShedding(['urgent' as 'normal'])).toThrow(/priorities\[\] must be one of critical, normal, background/);
  });

  it('caps non-critical requests at maxInFlight, counting critical ones in flight too', () => {
    const m = new DegradationManager();
    expect(m.setMaxInFlight(2)).toBe(Number.POSITIVE_INFINITY);
    const c = m.admit('critical') as Admitted;
    const n = m.admit('normal') as Admitted;
    expect(m.admit('normal')).toMatchObject({ admitted: false, reason: 'in-flight' });
    expect(m.admit('critical').admitted).toBe(true); // over the cap: critical still runs
    c.release();
    n.release();
    expect(m.inFlight).toBe(1);
    expect(m.admit('background').admitted).toBe(true);
    expect(m.stats().shed).toContainEqual({ priority: 'normal', reason: 'in-flight', count: 1 });
    expect(() => m.setMaxInFlight(0)).toThrow(/maxInFlight must be a whole number of requests ≥ 1 or Infinity/);
  });

  it('answers shed requests with one shared frozen object per priority and reason', () => {
    const m = new DegradationManager();
    m.setShedding(['background']);
    const first = m.admit('background');
    expect(m.admit('background')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(m.stats().shed).toContainEqual({ priority: 'background', reason: 'priority', count: 2 });
  });

  it('holds feature flags: non-essential ones can be turned off together, unknown names are errors', () => {
    const m = new DegradationManager({ features: { search: { essential: true }, 'ai-cache': {}, recommendations: {} } });
    m.setEnabled('recommendations', false);
    expect(m.disableNonEssential()).toEqual(['ai-cache']);
    expect(m.isEnabled('search')).toBe(true);
    expect(m.isEnabled('ai-cache')).toBe(false);
    expect(m.features()).toEqual([
      { name: 'search', essential: true, enabled: true },
      { name: 'ai-cache', essential: false, enabled: false },
      { name: 'recommendations', essential: false, enabled: false },
    ]);
    expect(() => m.isEnabled('serach')).toThrow(/feature "serach" is not defined/);
    expect(() => m.defineFeature('search')).toThrow(/already defined/);
  });

  it('validates its options and priorities', () => {
    expect(() => new DegradationManager({ retryAfterSeconds: 0 })).toThrow(/retryAfterSeconds must be a whole number of seconds ≥ 1/);
    expect(() => new DegradationManager().admit('vip' as 'normal')).toThrow(/priority must be one of/);
  });
});
