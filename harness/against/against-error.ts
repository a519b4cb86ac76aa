/** The `--against` revision could not be prepared (code `HEAPGATE_AGAINST`; the CLI exits 2). */
import { HeapgateError } from '../errors.js';

/** A step of preparing the base revision failed: `step` says which (`worktree`, `npm ci`, `build`). */
export class AgainstError extends HeapgateError {
  readonly step: string;
  constructor(step: string, message: string, options?: { cause?: unknown }) {
    super('HEAPGATE_AGAINST', `--against: ${step}: ${message}`, options);
    this.step = step;
  }
}
