/**
 * How `run` and `gate` turn their resolved options into the options of one execution: caps,
 * timeouts, the heartbeat, snapshots, the live-heap method, the load tool, progress and
 * `--verbose` output. One place, so both commands measure alike.
 */
import { heartbeatIntervalMs } from '../cli/environment-options.js';
import type { GateOptions, RunOptions } from '../cli/cli-options.js';
import { requireK6 } from '../load/run-k6.js';
import type { ProgressReporter } from '../reporters/progress.js';
import type { ExecuteOptions } from '../runner/execute-plan.js';
import type { CommandIo } from './command-io.js';

/**
 * The execution options for a command's options. With `--load k6`, checks first that a `k6`
 * binary is on PATH.
 * @throws UsageError (the CLI exits 2) for a bad `HEAPGATE_HEARTBEAT` or a missing k6.
 */
export function executeOptionsFor(
  options: Pick<RunOptions | GateOptions, 'maxHeap' | 'timeout' | 'verbose' | 'nodeOption'> &
    Partial<Pick<RunOptions | GateOptions, 'fresh'>> &
    Partial<Pick<RunOptions | GateOptions, 'snapshot' | 'liveHeap' | 'load'>>,
  outDir: string,
  io: CommandIo,
  progress: ProgressReporter,
): ExecuteOptions {
  const heartbeat = heartbeatIntervalMs();
  // Before any service starts: without k6 the whole invocation is a usage error, said once.
  if (options.load === 'k6') requireK6();
  return {
    ...(options.maxHeap !== undefined ? { maxHeapMb: options.maxHeap } : {}),
    ...(options.timeout !== undefined ? { runTimeoutMs: options.timeout } : {}),
    ...(options.nodeOption.length > 0 ? { nodeOptions: options.nodeOption } : {}),
    ...(heartbeat !== undefined ? { heartbeatIntervalMs: heartbeat } : {}),
    ...(options.snapshot ? { snapshotDir: outDir } : {}),
    ...(options.liveHeap !== undefined ? { liveHeap: options.liveHeap } : {}),
    // runLoad in the child reads it (harness/load/run-load.ts).
    ...(options.load !== undefined && options.load !== 'autocannon' ? { childEnv: { HEAPGATE_LOAD_TOOL: options.load } } : {}),
    onEvent: (e) => progress.onEvent(e),
    postgresCache: options.fresh ? 'fresh' : 'reuse',
    ...(options.verbose ? { onChildOutput: (t: string) => io.stderr.write(t) } : {}),
  };
}
