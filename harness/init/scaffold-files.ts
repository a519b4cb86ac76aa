/**
 * What `heapgate init` writes into a project: an example scenario with a budget, the config
 * and a GitHub Actions workflow that gates pull requests. TypeScript files when the project has
 * a `tsconfig.json`, else ES modules (`.mjs`), which load on every Node without a loader.
 */
import { DEFAULTS } from '../config/defaults.js';

/** One file to scaffold, relative to the project root. */
export interface ScaffoldFile {
  readonly path: string;
  readonly text: string;
}

/** The example scenario: one allocation pattern two ways, a budget on each. */
function scenarioText(typescript: boolean): string {
  const ctx = typescript ? ': RunContext' : '';
  return `${typescript ? "import { defineScenario, type RunContext } from 'heapgate';" : "import { defineScenario } from 'heapgate';"}

// An example to replace with your own code path: heapgate runs each variant in a fresh Node
// process and measures its peak heap, live heap, retained heap, RSS and duration. heapgate's
// README, "Writing a scenario", has the rest (setup, seed, services, targets, counters).
export default defineScenario({
  name: 'example',
  summary: 'sum of squares: a materialised array vs a loop',
  source: 'heapgate init',
  defaultRecords: 100_000,
  services: [],
  variants: {
    array: {
      summary: 'builds an array of every record, then reduces it',
      run: (ctx${ctx}) => {
        const values = Array.from({ length: ctx.records }, (_, i) => ({ i, square: i * i }));
        return { sum: values.reduce((total, v) => total + v.square, 0) };
      },
    },
    loop: {
      summary: 'one record at a time',
      run: (ctx${ctx}) => {
        let sum = 0;
        for (let i = 0; i < ctx.records; i++) sum += i * i;
        return { sum };
      },
    },
  },
  // What CI must hold (heapgate gate, suite ${DEFAULTS.suite}); tighten them to what you measure.
  budgets: [
    { variant: 'array', thresholds: { heapDeltaBytes: '<64MB' }, suites: ['${DEFAULTS.suite}'] },
    { variant: 'loop', thresholds: { heapDeltaBytes: '<4MB', retainedHeapBytes: '<1MB' }, suites: ['${DEFAULTS.suite}'] },
  ],
});
`;
}

function configText(typescript: boolean): string {
  return `${typescript ? "import { defineConfig } from 'heapgate';\n\nexport default defineConfig({" : "/** @type {import('heapgate').HeapgateConfig} */\nexport default {"}
  // Scenario files and directories, relative to this file.
  scenarios: ['./${DEFAULTS.scenarioDir}'],
  // The suite \`heapgate gate\` checks, and its measured repeats (medians of three).
  suite: '${DEFAULTS.suite}',
  gateRepeat: ${DEFAULTS.gateRepeat},
  // Node/V8 flags for every measured child, e.g. ['--max-semi-space-size=16'].
  nodeOptions: [],
}${typescript ? ')' : ''};
`;
}

const WORKFLOW = `# Gates pull requests on heapgate's memory budgets (heapgate init).
name: heapgate
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  gate:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      # Budgets of suite ${DEFAULTS.suite}, and the baseline in ${DEFAULTS.reportsDir}/${DEFAULTS.baselinesDir}/${DEFAULTS.suite}.json once committed
      # (write it with: npx heapgate gate --update-baseline).
      - run: npx heapgate gate
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: heapgate-report
          path: ${DEFAULTS.reportsDir}/
`;

/** The files `heapgate init` writes, in the order it reports them. */
export function scaffoldFiles(typescript: boolean): ScaffoldFile[] {
  const ext = typescript ? 'ts' : 'mjs';
  return [
    { path: `${DEFAULTS.scenarioDir}/example.${ext}`, text: scenarioText(typescript) },
    { path: `heapgate.config.${ext}`, text: configText(typescript) },
    { path: '.github/workflows/heapgate.yml', text: WORKFLOW },
  ];
}
