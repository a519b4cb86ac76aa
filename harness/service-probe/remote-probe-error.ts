/**
 * A service's heap probe could not be read: it refused (with the probe's own reason), answered
 * something that is not a probe answer, or could not be reached in time.
 */
import { HeapgateError } from '../errors.js';
import type { ProbeErrorReason } from './probe-protocol.js';

/** Why a {@link RemoteProbeError} was thrown: the probe's reason, or what went wrong on the way. */
export type RemoteProbeFailure = ProbeErrorReason | 'unreachable' | 'timeout' | 'bad-response';

/**
 * Thrown by `remoteProbe` (code `HEAPGATE_PROBE`). Inside a scenario's `run` it makes the run
 * `failed` with this message; the message names the probe's origin, never the token.
 */
export class RemoteProbeError extends HeapgateError {
  readonly reason: RemoteProbeFailure;
  /** HTTP status of the probe's answer; undefined when there was none. */
  readonly status: number | undefined;
  /** `scheme://host:port` of the probe. */
  readonly origin: string;
  constructor(reason: RemoteProbeFailure, origin: string, message: string, options?: { status?: number; cause?: unknown }) {
    super('HEAPGATE_PROBE', `heap probe at ${origin}: ${message}`, options);
    this.reason = reason;
    this.status = options?.status;
    this.origin = origin;
  }
}
