/**
 * Child entry of {@link measureGetPairs}: `node get-throughput-child.js <rounds>` prints one JSON
 * line (`GetPairResult[]`). Not imported by anything; each run needs a fresh process (see there).
 */
import { measureGetPairsInProcess } from './get-throughput.js';

const rounds = Number(process.argv[2]);
process.stdout.write(`${JSON.stringify(await measureGetPairsInProcess(rounds))}\n`);
