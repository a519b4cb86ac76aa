import type { BenchSuiteResult } from './bench-suite.js';

/** Renders a suite's rows and checks as a plain-text table. */
export function formatBenchResult(name: string, result: BenchSuiteResult): string {
  const lines = [`\n== ${name}`];
  const width = Math.max(4, ...result.rows.map((r) => r.name.length));
  lines.push(`${'task'.padEnd(width)}  ${'throughput'.padStart(16)}  ${'±rme'.padStart(7)}  samples`);
  for (const r of result.rows) {
    const tp = `${Math.round(r.throughput).toLocaleString('en-US')} ${r.unit}`;
    lines.push(`${r.name.padEnd(width)}  ${tp.padStart(16)}  ${`${r.rmePercent.toFixed(1)}%`.padStart(7)}  ${r.samples}`);
  }
  for (const c of result.checks) {
    const actual = Number.isInteger(c.actual) ? String(c.actual) : c.actual.toFixed(3);
    lines.push(`${c.pass ? 'PASS' : 'FAIL'}  ${c.label}: ${actual} ${c.comparator} ${c.expected}`);
  }
  for (const n of result.notes ?? []) lines.push(`note  ${n}`);
  return lines.join('\n');
}
