/**
 * Entry sizing for byte-bounded caches.
 *
 * Seed 001 §5 sizes every entry with `JSON.stringify(value).length` on each `set`. That costs a
 * full serialisation (an allocation as large as the value) and measures the wrong thing: JSON
 * characters, not heap bytes. It misses V8's object headers, property slots and boxed doubles,
 * and counts property names that V8 shares across objects through hidden classes.
 *
 * {@link estimateHeapBytes} walks the value once without allocating and adds up V8's layout
 * instead: headers, one slot per property or element, string payloads rounded to the pointer
 * size, heap numbers for non-integer numbers. `npm run bench` (suite `caches`) reports its cost
 * beside `JSON.stringify` and both errors against heap measured after forced GC.
 *
 * Calibrated on Node 20 x64 (V8 11, no pointer compression); with pointer compression the
 * pointer-sized parts shrink to 4 bytes, which is detected from the build configuration.
 * Known limits: shared strings (V8 internalizes short JSON string values and every property
 * name) are counted per occurrence, so repetitive values are over-estimated; two-byte strings
 * are counted as one-byte (checking would cost a scan per character, like JSON).
 */

/** Size in bytes of a pointer-sized heap slot in this build. */
export const POINTER_BYTES: number = (process.config?.variables as { v8_enable_pointer_compression?: unknown } | undefined)
  ?.v8_enable_pointer_compression
  ? 4
  : 8;

const P = POINTER_BYTES;
/** JSObject: map, properties, elements. */
const OBJECT_HEADER = 3 * P;
/** JSArray: JSObject header plus length. */
const ARRAY_HEADER = 4 * P;
/** FixedArray / FixedDoubleArray backing store: map and length. */
const BACKING_HEADER = 2 * P;
/** SeqString: map, 4-byte hash, 4-byte length. */
const STRING_HEADER = P + 8;
/** HeapNumber: map and the double. */
const HEAP_NUMBER = P + 8;
/** JSDate with its cached fields. */
const DATE_BYTES = 12 * P;
/** JSMap / JSSet object; the table is counted apart. */
const COLLECTION_HEADER = 4 * P;
/** ArrayBuffer view objects (Buffer, typed arrays) besides their bytes. */
const VIEW_HEADER = 10 * P;
/**
 * The fast walk follows nesting this deep and visits at most {@link FAST_NODE_BUDGET} objects;
 * a value that goes further (a cycle, a parent pointer, a DAG that fans out, or simply a big
 * value) is walked again exactly, counting each object once. Tree-shaped cache values of
 * ordinary size — rows, configs, profiles — never leave the fast walk, which allocates nothing.
 */
const FAST_MAX_DEPTH = 32;
const FAST_NODE_BUDGET = 10_000;
/** The exact walk's depth limit: deep enough for long linked structures, shallow enough for the stack. */
const EXACT_MAX_DEPTH = 2_000;

let nodesLeft = 0;
let exceeded = false;

/**
 * Estimated V8 heap bytes retained by `value` (including nested objects, arrays, strings),
 * assuming nothing in it is shared with other values. Within the value, an object reachable
 * twice counts twice in the fast walk (a safe over-estimate) and once after a fallback to the
 * exact walk; cycles and fan-out stay linear (measured before: 6 children pointing back at
 * their root took 5.9 s and "weighed" 14.5 GB). Returns at least 1, so the result is a valid
 * `lru-cache` `sizeCalculation`.
 */
export function estimateHeapBytes(value: unknown): number {
  if (typeof value !== 'object' || value === null) return Math.max(1, sizeOf(value, 0, undefined));
  // Saved and restored: a getter read during the walk may size something itself.
  const savedNodes = nodesLeft;
  const savedExceeded = exceeded;
  nodesLeft = FAST_NODE_BUDGET;
  exceeded = false;
  try {
    const fast = sizeOf(value, 0, undefined);
    return Math.max(1, exceeded ? sizeOf(value, 0, new Set()) : fast);
  } finally {
    nodesLeft = savedNodes;
    exceeded = savedExceeded;
  }
}

/**
 * The seed's sizing (seed 001 §5): `JSON.stringify(value).length`, i.e. UTF-16 characters of
 * the JSON text. Kept to compare against; at least 1.
 */
export function jsonLengthBytes(value: unknown): number {
  const json = JSON.stringify(value);
  return json === undefined ? 1 : Math.max(1, json.length);
}

/** Bytes of a sequential one-byte string of `length` characters, rounded to the pointer size. */
export function stringBytes(length: number): number {
  return align(STRING_HEADER + length);
}

function align(bytes: number): number {
  return (bytes + P - 1) & ~(P - 1);
}

/** `seen` undefined: the fast walk (budgeted, no bookkeeping); a set: the exact walk. */
function sizeOf(value: unknown, depth: number, seen: Set<object> | undefined): number {
  switch (typeof value) {
    case 'string':
      return stringBytes(value.length);
    case 'number':
      // Small integers (Smis) live in the slot; everything else is a boxed HeapNumber.
      return (value | 0) === value ? 0 : HEAP_NUMBER;
    case 'bigint':
      return align(P + 8 + 8 * Math.ceil(value.toString(16).length / 16));
    case 'object':
      if (value === null) return 0;
      if (seen === undefined) {
        if (exceeded) return 0;
        if (depth >= FAST_MAX_DEPTH || --nodesLeft < 0) {
          exceeded = true;
          return 0;
        }
      } else {
        if (depth >= EXACT_MAX_DEPTH || seen.has(value)) return 0;
        seen.add(value);
      }
      return objectSize(value as object, depth + 1, seen);
    default:
      // booleans, undefined, symbols: shared oddballs; functions: shared code.
      return 0;
  }
}

function objectSize(value: object, depth: number, seen: Set<object> | undefined): number {
  if (Array.isArray(value)) {
    const n = value.length;
    if (n === 0) return ARRAY_HEADER;
    let bytes = ARRAY_HEADER + BACKING_HEADER + n * P;
    for (let i = 0; i < n; i++) {
      const item: unknown = value[i];
      // Numbers in arrays are stored unboxed (Smi or double elements), so they add nothing.
      if (typeof item === 'object' || typeof item === 'string' || typeof item === 'bigint') bytes += sizeOf(item, depth, seen);
    }
    return bytes;
  }
  if (value instanceof Date) return DATE_BYTES;
  if (ArrayBuffer.isView(value)) return VIEW_HEADER + value.byteLength;
  if (value instanceof Map) {
    let bytes = COLLECTION_HEADER + hashTableBytes(value.size, 3);
    for (const [k, v] of value) bytes += sizeOf(k, depth, seen) + sizeOf(v, depth, seen);
    return bytes;
  }
  if (value instanceof Set) {
    let bytes = COLLECTION_HEADER + hashTableBytes(value.size, 2);
    for (const k of value) bytes += sizeOf(k, depth, seen);
    return bytes;
  }
  let bytes = OBJECT_HEADER;
  // for…in rather than Object.keys: no array allocated per object.
  for (const key in value) {
    bytes += P + sizeOf((value as Record<string, unknown>)[key], depth, seen);
  }
  return bytes;
}

/** V8's OrderedHashMap/Set: header, buckets (capacity / 2) and `wordsPerEntry` per slot. */
function hashTableBytes(size: number, wordsPerEntry: number): number {
  let capacity = 4;
  while (capacity < size) capacity *= 2;
  return P * (BACKING_HEADER / P + 3 + capacity / 2 + capacity * wordsPerEntry);
}
