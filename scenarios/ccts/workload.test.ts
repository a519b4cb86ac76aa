import { describe, expect, it } from 'vitest';
import { decodeClave } from '../../reference-impl/ccts/clave.js';
import { buildCCTWorkload, replayCCTWorkload } from './workload.js';

describe('CCT workload', () => {
  it('is deterministic, Zipf-skewed, with ~5% unknown claves, and counts its unique claves', () => {
    const w = buildCCTWorkload(10_000, { lookups: 100_000 });
    const again = buildCCTWorkload(10_000, { lookups: 100_000 });
    expect(Array.from(again.stream)).toEqual(Array.from(w.stream));
    expect(w.unknownLookups / 100_000).toBeGreaterThan(0.045);
    expect(w.unknownLookups / 100_000).toBeLessThan(0.055);
    const distinct = new Set(w.stream);
    expect(w.uniqueClaves).toBe(distinct.size);
    expect(w.uniqueUnknownClaves).toBe([...distinct].filter((i) => i >= w.knownCount).length);
    // Skew: the most frequent clave is far above the mean.
    const freq = new Map<number, number>();
    for (const i of w.stream) freq.set(i, (freq.get(i) ?? 0) + 1);
    expect(Math.max(...freq.values())).toBeGreaterThan(50 * (100_000 / distinct.size));
  });

  it('replays every lookup and checks the answers', async () => {
    const w = buildCCTWorkload(1000, { lookups: 5000 });
    const catalogue = new Map<string, number>();
    for (let k = 0; k < w.knownCount; k++) catalogue.set(decodeClave(w.codes[k]!), k + 1);
    const right = await replayCCTWorkload(w, (clave) => catalogue.get(clave) ?? null);
    expect(right).toMatchObject({ found: 5000 - w.unknownLookups, notFound: w.unknownLookups, wrongAnswers: 0, errors: 0 });
    const wrong = await replayCCTWorkload(w, async () => 1, { concurrency: 4 });
    expect(wrong.wrongAnswers).toBeGreaterThan(4000);
    const failing = await replayCCTWorkload(w, () => {
      throw new Error('down');
    });
    expect(failing).toMatchObject({ errors: 5000, found: 0 });
    expect((failing.firstError as Error).message).toBe('down');
  });
});
