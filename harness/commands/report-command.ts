/**
 * `heapgate report <results.json> [<base results.json>] [--out DIR] [--title TEXT]`: re-renders
 * the HTML report of a saved run; with a second file, base vs head side by side.
 */
import path from 'node:path';
import { USAGE } from '../cli/flags.js';
import { HeapgateError, UsageError } from '../errors.js';
import { readResultsDocument } from '../results/read-results-document.js';
import { writeHtmlReport } from '../reporters/write-ci-outputs.js';

/**
 * Where the command writes. Structural, so the CLI's `CommandIo` (Node streams) fits as is and
 * tests can pass plain objects.
 */
export interface ReportIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
}

/** The usage line printed on `--help` and after a usage error. */
export const REPORT_USAGE = USAGE.report;

/**
 * Runs the command. Prints the written path on stdout. Returns the exit code: 0 written,
 * 2 usage error (bad arguments, missing or invalid results file) with the reason on stderr.
 * Other errors (a failed write) propagate.
 *
 * The HTML goes to `<DIR>/index.html`; DIR defaults to the head results file's directory.
 */
export async function reportCommand(argv: readonly string[], io: ReportIo): Promise<number> {
  try {
    const args = parseReportArgs(argv);
    if (args.help) {
      io.stdout.write(`${REPORT_USAGE}\n`);
      return 0;
    }
    const head = await readResultsDocument(args.head);
    const base = args.base === undefined ? undefined : await readResultsDocument(args.base);
    const outDir = args.outDir ?? path.dirname(args.head);
    const written = await writeHtmlReport(head, outDir, base, args.title !== undefined ? { title: args.title } : {});
    io.stdout.write(`${written}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof HeapgateError && error.code === 'HEAPGATE_USAGE')) {
      io.stderr.write(`heapgate report: ${error.message}\n${REPORT_USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

/** Parsed arguments of `heapgate report`. */
export interface ReportArgs {
  readonly head: string;
  readonly base?: string;
  readonly outDir?: string;
  readonly title?: string;
  readonly help: boolean;
}

/**
 * Parses the command's arguments (`--out DIR` or `--out=DIR`, same for `--title`).
 * @throws UsageError on an unknown flag, a flag without its value, or a wrong number of files.
 */
export function parseReportArgs(argv: readonly string[]): ReportArgs {
  const files: string[] = [];
  let outDir: string | undefined;
  let title: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--out') outDir = value();
    else if (flag === '--title') title = value();
    else if (arg.startsWith('-') && arg !== '-')
      throw new UsageError(`unknown option ${JSON.stringify(arg)}`, { suggestions: ['--out', '--title'] });
    else files.push(arg);
  }
  if (help) return { head: '', help };
  if (files.length === 0) throw new UsageError('missing <results.json>');
  if (files.length > 2) throw new UsageError(`expected at most two results files, got ${files.length}`);
  return {
    head: files[0],
    ...(files[1] !== undefined ? { base: files[1] } : {}),
    ...(outDir !== undefined ? { outDir } : {}),
    ...(title !== undefined ? { title } : {}),
    help,
  };
}
