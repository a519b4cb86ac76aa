/**
 * clinic's collectors, driven as the `clinic` CLI drives them (`collect(args, cb)` runs and
 * records the process, `visualize(dataDir, html, cb)` renders a standalone HTML page), from the
 * programmatic packages `@clinic/doctor` and `@clinic/flame` rather than the `clinic` CLI: the
 * CLI pulls every clinic tool, an update notifier and the upload client, and prompts for
 * telemetry unless `NO_INSIGHT=1` (https://github.com/clinicjs/node-clinic#readme); the packages
 * do neither. Loaded lazily as optional peer dependencies (`harness/services/optional-dependency.ts`).
 */
import { CLINIC_PACKAGES, type ClinicProfileKind } from './profile-kind.js';
import { requireOptional } from '../services/optional-dependency.js';

/** What `@clinic/doctor` and `@clinic/flame` export (a class; the packages ship no types). */
interface ClinicTool {
  collect(args: string[], callback: (err: Error | null, dataDir: string) => void): void;
  visualize(dataDir: string, outputFile: string, callback: (err?: Error | null) => void): void;
}
type ClinicToolClass = new (settings: { readonly dest: string }) => ClinicTool;

/** One clinic tool, its data kept under one directory. */
export interface ClinicCollector {
  /** Runs `node <nodeArgs>` under the tool until it exits; resolves with the data directory. */
  collect(nodeArgs: readonly string[]): Promise<string>;
  /** Renders the data of {@link collect} as a standalone HTML page at `htmlFile`. @returns `htmlFile` */
  visualize(dataDir: string, htmlFile: string): Promise<string>;
}

/**
 * The `kind` tool, writing its data under `dataRoot` (absolute). Doctor's trace events and
 * flame's V8 log are written beside the working directory and then moved there, so the caller
 * runs it with `dataRoot` as its working directory ({@link nodeArgsFor} points Node's trace
 * file there too).
 *
 * @throws MissingDependencyError when the kind's package is not installed
 */
export function clinicCollector(kind: ClinicProfileKind, dataRoot: string): ClinicCollector {
  const Tool = requireOptional<ClinicToolClass>(CLINIC_PACKAGES[kind]);
  const tool = new Tool({ dest: dataRoot });
  return {
    collect: (nodeArgs) =>
      new Promise((resolve, reject) =>
        tool.collect([process.execPath, ...nodeArgs], (err, dataDir) => (err ? reject(err) : resolve(dataDir))),
      ),
    visualize: (dataDir, htmlFile) =>
      new Promise((resolve, reject) => tool.visualize(dataDir, htmlFile, (err) => (err ? reject(err) : resolve(htmlFile)))),
  };
}

/**
 * Node flags the tool needs on the child's command line besides its own. Doctor turns Node's
 * trace events on and collects `node_trace.*.log` from the working directory; the child moves
 * back to the directory it would have run in (`probe/file-transport.ts`), and Node opens the
 * trace file relative to the working directory at the time, so the file is named absolutely.
 */
export function nodeArgsFor(kind: ClinicProfileKind, dataRoot: string): string[] {
  // `${rotation}` is Node's placeholder (https://nodejs.org/api/tracing.html), not a template.
  return kind === 'doctor' ? [`--trace-event-file-pattern=${dataRoot}/node_trace.\${rotation}.log`] : [];
}
