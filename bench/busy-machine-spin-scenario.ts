/**
 * The CPU-bound scenario of `bench/busy-machine.bench.ts`: `run` loops `records` thousand
 * times over integer arithmetic, allocating nothing, waiting on nothing.
 */
export default {
  name: 'bench-spin',
  summary: 'a loop of ctx.records thousand iterations',
  source: 'issue 14, deliverable 2',
  defaultRecords: 60_000,
  services: [],
  variants: {
    spin: {
      summary: 'arithmetic, no allocation, no waiting',
      run: (ctx: { readonly records: number }) => {
        let x = 0;
        for (let i = 0; i < ctx.records * 1000; i++) x = (x * 31 + i) % 1_000_003;
        return { x };
      },
    },
  },
};
