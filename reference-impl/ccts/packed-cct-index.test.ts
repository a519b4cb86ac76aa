import { describe, expect, it } from 'vitest';
import { decodeClave, encodeClave } from './clave.js';
import { PackedCCTIndex } from './packed-cct-index.js';
import { MAX_CCT_ID, PackedCCTIndexBuilder } from './packed-cct-index-builder.js';

/** Deterministic pseudo-random claves (xorshift), distinct by construction of a Set. */
function sampleCodes(n: number, seed = 7): number[] {
  let x = seed;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const set = new Set<number>();
  while (set.size < n) {
    const clave = `${String(1 + Math.floor(next() * 32)).padStart(2, '0')}DPR${String(Math.floor(next() * 10_000)).padStart(4, '0')}${String.fromCharCode(65 + Math.floor(next() * 26))}`;
    set.add(encodeClave(clave));
  }
  return [...set];
}

describe('PackedCCTIndex', () => {
  it('answers exactly like a Map for 50,000 claves, present and absent', () => {
    const codes = sampleCodes(60_000);
    const present = codes.slice(0, 50_000);
    const absent = codes.slice(50_000);
    const builder = new PackedCCTIndexBuilder({ expectedRecords: 100 }); // forces growth
    const reference = new Map<string, number>();
    present.forEach((code, i) => {
      builder.add(code, i * 3 + 1);
      reference.set(decodeClave(code), i * 3 + 1);
    });
    const index = builder.finish();
    expect(index.size).toBe(50_000);
    for (const [clave, id] of reference) expect(index.get(clave)).toBe(id);
    for (const code of absent) expect(index.getByCode(code)).toBe(-1);
    expect(index.get('not a clave')).toBe(-1);
    expect(index.has(decodeClave(present[0]!))).toBe(true);
  });

  it('keeps the last id of a repeated clave and counts the repeats', () => {
    const builder = new PackedCCTIndexBuilder();
    const a = encodeClave('09DPR0001A');
    const b = encodeClave('14EJN0002B');
    builder.add(a, 1);
    builder.add(b, 2);
    builder.add(a, 3);
    builder.add(a, 4);
    const index = builder.finish();
    expect(builder.duplicates).toBe(2);
    expect(index.size).toBe(2);
    expect(index.get('09DPR0001A')).toBe(4);
    expect(index.get('14EJN0002B')).toBe(2);
  });

  it('holds ids up to 2³² − 1 and costs 13 bytes per record plus a fixed part', () => {
    const codes = sampleCodes(40_000, 99);
    const builder = new PackedCCTIndexBuilder({ expectedRecords: codes.length });
    for (const [i, code] of codes.entries()) builder.add(code, i === 0 ? MAX_CCT_ID : i);
    const index = builder.finish();
    expect(index.getByCode(codes[0]!)).toBe(MAX_CCT_ID);
    // 8 (key) + 4 (id) + 4 per 4 records (offsets), exactly sized after finish().
    const arrays = index.memoryBytes() - PackedCCTIndex.OBJECT_OVERHEAD_BYTES;
    expect(arrays).toBe(40_000 * 12 + (Math.ceil(40_000 / 4) + 1) * 4);
  });

  it('works empty and with one record', () => {
    expect(new PackedCCTIndexBuilder().finish().get('09DPR0001A')).toBe(-1);
    const one = new PackedCCTIndexBuilder();
    one.add(encodeClave('09DPR0001A'), 0);
    expect(one.finish().get('09DPR0001A')).toBe(0);
  });

  it('validates its options and refuses use after finish()', () => {
    expect(() => new PackedCCTIndexBuilder({ expectedRecords: -1 })).toThrow(/expectedRecords/);
    expect(() => new PackedCCTIndexBuilder({ recordsPerBucket: 0 })).toThrow(/recordsPerBucket/);
    const b = new PackedCCTIndexBuilder();
    b.finish();
    expect(() => b.add(1, 1)).toThrow(/after finish/);
    expect(() => b.finish()).toThrow(/twice/);
  });
});
