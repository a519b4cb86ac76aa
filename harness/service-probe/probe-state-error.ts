/**
 * Why a service's heap probe could not do what a request asked. The HTTP layer turns it into a
 * status code and a {@link ProbeErrorBody}; readers see it as a `RemoteProbeError` with the same
 * `reason`.
 */
import type { ProbeErrorBody, ProbeErrorReason } from './probe-protocol.js';

/** HTTP status of each {@link ProbeErrorReason}. */
export const PROBE_ERROR_STATUS: Readonly<Record<ProbeErrorReason, number>> = Object.freeze({
  'not-marked': 409,
  'mark-superseded': 409,
  'mark-expired': 409,
  'gc-unavailable': 503,
  unauthorized: 401,
  forbidden: 403,
  'method-not-allowed': 405,
  'not-found': 404,
  internal: 500,
});

/** A refused probe operation: a machine-readable `reason` and a message for humans. */
export class ProbeStateError extends Error {
  readonly reason: ProbeErrorReason;
  constructor(reason: ProbeErrorReason, message: string) {
    super(message);
    this.name = 'ProbeStateError';
    this.reason = reason;
  }

  /** The JSON body the probe answers with. */
  toBody(): ProbeErrorBody {
    return { error: this.reason, message: this.message };
  }
}
