/**
 * The "before" of seed 000, kept as the baseline the scenario measures against: the whole
 * export is read into one string, parsed at once into an array of row objects, and every row is
 * kept in a `Map<clave, row>`. ~360 bytes per CCT retained, and several times that at the peak
 * (the text, the parsed array and the map are alive together).
 */
import { parse } from 'csv-parse/sync';

/** One row of the export as the naive loader keeps it: every column, as strings. */
export type CCTRowNaive = Record<string, string>;

/** Parses a whole export held in memory. Rows without a `clave` are skipped. */
export function buildCCTMapNaive(csvText: string): Map<string, CCTRowNaive> {
  const rows = parse(csvText, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as CCTRowNaive[];
  const map = new Map<string, CCTRowNaive>();
  for (const row of rows) {
    if (row.clave) map.set(row.clave, row);
  }
  return map;
}

/** The id the naive map holds for `clave`, or `null`. */
export function lookupCCTNaive(map: Map<string, CCTRowNaive>, clave: string): number | null {
  const row = map.get(clave);
  return row ? Number(row.id) : null;
}
