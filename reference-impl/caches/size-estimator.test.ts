import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureEntryHeap } from './entry-heap-probe.js';
import { estimateHeapBytes, jsonLengthBytes, POINTER_BYTES, stringBytes } from './size-estimator.js';

describe('estimateHeapBytes', () => {
  it('follows V8 layout for strings, objects, arrays and numbers', () => {
    const P = POINTER_BYTES;
    expect(stringBytes(0)).toBe(P + 8);
    expect(estimateHeapBytes('x'.repeat(30)) % P).toBe(0);
    // Object: 3-word header + one slot per property; a Smi adds nothing, a double a HeapNumber.
    expect(estimateHeapBytes({ a: 1 })).toBe(4 * P);
    expect(estimateHeapBytes({ a: 1.5 })).toBe(4 * P + P + 8);
    // Array: 4-word header + backing store (2 words + one per element).
    expect(estimateHeapBytes([])).toBe(4 * P);
    expect(estimateHeapBytes([1, 2, 3])).toBe(4 * P + 2 * P + 3 * P);
  });

  it('is at least 1 (a valid lru-cache size) and finite on cycles', () => {
    expect(estimateHeapBytes(true)).toBe(1);
    expect(estimateHeapBytes(null)).toBe(1);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(Number.isFinite(estimateHeapBytes(cyclic))).toBe(true);
  });

  it('stays linear on parent pointers, cycles and fanning DAGs, counting each object once there', () => {
    const P = POINTER_BYTES;
    // The reviewer's case: children pointing back at the root. 8 children took over 30 s and
    // "weighed" gigabytes when every path was walked.
    const root: { name: string; children: object[] } = { name: 'root', children: [] };
    for (let i = 0; i < 8; i++) root.children.push({ id: i, parent: root });
    expect(estimateHeapBytes(root)).toBeLessThan(2000);
    // A 22-level DAG of 23 objects, each pointing twice at the next: 4 million paths.
    let node: object = { leaf: true };
    for (let i = 0; i < 22; i++) node = { a: node, b: node };
    expect(estimateHeapBytes(node)).toBe(22 * 5 * P + 4 * P);
    // A linked list deeper than the fast walk goes is counted whole: 100 nodes of 5 words.
    let list: { v: number; next: unknown } | null = null;
    for (let i = 0; i < 100; i++) list = { v: i, next: list };
    expect(estimateHeapBytes(list)).toBe(100 * 5 * P);
  });

  it('in the fast walk counts a shallow shared object per reference: an over-estimate, never an under-estimate', () => {
    const P = POINTER_BYTES;
    const shared = { id: 1 };
    expect(estimateHeapBytes({ a: shared, b: shared })).toBe(5 * P + 2 * 4 * P);
    expect(estimateHeapBytes({ a: shared, b: { id: 2 } })).toBe(5 * P + 2 * 4 * P);
  });

  it('counts Map, Set, Date and typed arrays', () => {
    expect(estimateHeapBytes(new Map([['k', 'v']]))).toBeGreaterThan(estimateHeapBytes(new Map()));
    expect(estimateHeapBytes(new Set([1, 2, 3, 4, 5]))).toBeGreaterThan(estimateHeapBytes(new Set([1])));
    expect(estimateHeapBytes(new Date(0))).toBeGreaterThan(0);
    expect(estimateHeapBytes(new Uint8Array(1000))).toBeGreaterThan(1000);
  });
});

describe('jsonLengthBytes (the seed sizer)', () => {
  it('is JSON.stringify(value).length, at least 1', () => {
    expect(jsonLengthBytes({ a: 'bc' })).toBe('{"a":"bc"}'.length);
    expect(jsonLengthBytes(undefined)).toBe(1);
  });
});

describe('sizers against real heap (child process, forced GC)', () => {
  it('the estimate is within 25% of measured heap for every seed shape, and closer than JSON length', async () => {
    // The compiled child (npm test builds first): it must run in a fresh node --expose-gc.
    const childScript = path.resolve('dist/reference-impl/caches/entry-heap-child.js');
    const rows = await measureEntryHeap({ count: 10_000, childScript });
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(r.heapBytesPerEntry).toBeGreaterThan(0);
      expect(Math.abs(r.estimateError)).toBeLessThan(0.25);
      expect(Math.abs(r.estimateError)).toBeLessThan(Math.abs(r.jsonError));
    }
  });
});
