/**
 * The `heapgate/probe` entry: measuring a Node service that runs elsewhere. Services import the
 * probe (`mountHeapProbe`, `heapProbeFastify`, `createHeapProbeHandler`); scenarios and CI read it
 * (`remoteProbe`, `measuredElsewhere`). Kept light: it loads no CLI, service providers,
 * reporters, and not fastify itself. Re-exports only.
 */
export { mountHeapProbe } from './mount-heap-probe.js';
export { heapProbeFastify } from './heap-probe-fastify.js';
export { createHeapProbeHandler } from './create-heap-probe-handler.js';
export type { HeapProbeHandler, HeapProbeOptions, ProbeRequest, ProbeResponse, ProbeRoute } from './create-heap-probe-handler.js';
export { ServiceHeapProbe } from './service-heap-probe.js';
export type { ServiceHeapProbeOptions } from './service-heap-probe.js';
export { isLoopbackAddress } from './authorize-probe-request.js';
export { remoteProbe } from './remote-probe.js';
export type { RemoteProbe, RemoteProbeOptions, RemoteReading } from './remote-probe.js';
export { RemoteProbeError } from './remote-probe-error.js';
export type { RemoteProbeFailure } from './remote-probe-error.js';
export { measuredElsewhere } from './measured-elsewhere.js';
export { PROBE_ROUTES } from './probe-protocol.js';
export type {
  ForcedGcSource,
  MarkResponse,
  PeakRssMethod,
  ProbeErrorBody,
  ProbeErrorReason,
  ProbeReading,
  ProbeStatus,
} from './probe-protocol.js';
