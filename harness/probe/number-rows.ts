/**
 * Rows of numbers kept outside V8's heap, for what the probe records while it measures (timeline
 * samples, GC entries). Objects pushed into an array would be measured as the scenario's: over
 * the iterations of a leak fit they were ~100 B per sample and per GC, which read as a leak of
 * 0.4–5 KB per iteration in scenarios that leak nothing. A `Float64Array` larger than 64 bytes
 * keeps its elements in an ArrayBuffer backing store, outside the used heap, so the only heap
 * cost is the array object itself, replaced (not added to) when the buffer doubles.
 */

/** A growable table of `width` (1 to 3) numbers per row. */
export class NumberRows {
  readonly #width: number;
  #data: Float64Array;
  #rows = 0;

  /**
   * @param width Numbers per row, 1 to 3.
   * @param initialRows Rows allocated up front; doubled whenever full. @default 1024
   */
  constructor(width: number, initialRows = 1024) {
    if (!(Number.isInteger(width) && width >= 1 && width <= 3)) throw new TypeError(`NumberRows: width must be 1, 2 or 3, got ${width}`);
    if (!(Number.isInteger(initialRows) && initialRows >= 1)) {
      throw new TypeError(`NumberRows: initialRows must be a whole number ≥ 1, got ${initialRows}`);
    }
    this.#width = width;
    this.#data = new Float64Array(width * initialRows);
  }

  /** Rows pushed so far. */
  get length(): number {
    return this.#rows;
  }

  /** Appends a row: values beyond the width are ignored, missing ones are 0. */
  push(a: number, b = 0, c = 0): void {
    if ((this.#rows + 1) * this.#width > this.#data.length) {
      const grown = new Float64Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    const at = this.#rows * this.#width;
    this.#data[at] = a;
    if (this.#width > 1) this.#data[at + 1] = b;
    if (this.#width > 2) this.#data[at + 2] = c;
    this.#rows += 1;
  }

  /** Column `column` of row `row`. */
  get(row: number, column: number): number {
    return this.#data[row * this.#width + column]!;
  }

  /** Every row as an object, built by `toRow` (once the measurement is over). */
  map<T>(toRow: (get: (column: number) => number) => T): T[] {
    const out: T[] = [];
    for (let r = 0; r < this.#rows; r += 1) out.push(toRow((column) => this.get(r, column)));
    return out;
  }
}
