/**
 * Options read from the environment rather than the command line: settings of the machine or
 * the CI job, not of one invocation. Validated once, like flags, before anything runs.
 */
import { parseDuration } from './parse-duration.js';

/**
 * `HEAPGATE_HEARTBEAT` (a duration such as `10s`): how often a child still running gets a
 * `still running` line. Unset or empty: undefined (the runner's default,
 * `DEFAULTS.heartbeatIntervalMs`, 30 s).
 * @throws UsageError naming `HEAPGATE_HEARTBEAT` when it is not a duration.
 */
export function heartbeatIntervalMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env.HEAPGATE_HEARTBEAT;
  return text === undefined || text.trim() === '' ? undefined : parseDuration(text, 'HEAPGATE_HEARTBEAT');
}
