/**
 * Child entry of {@link measureGetPair}: `node get-throughput-child.js <rounds>` prints one JSON
 * line (`GetPairResult`). Not imported by anything; each run needs a fresh process (see there).
 */
import { measureGetPairInProcess } from './get-throughput.js';

const rounds = Number(process.argv[2]);
process.stdout.write(JSON.stringify(await measureGetPairInProcess(rounds)) + '\n');
