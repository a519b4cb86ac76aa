import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadCCTIndexFromCsv } from '../../reference-impl/ccts/cct-csv-loader.js';
import { decodeClave, isClave } from '../../reference-impl/ccts/clave.js';
import {
  cctExportDefects,
  CCT_CSV_HEADER,
  generateCCTCsvLines,
  generateCCTRows,
  generateKnownCCTCodes,
  generateUnknownCCTCodes,
} from './rows.js';

describe('CCT catalogue generator', () => {
  it('is deterministic, distinct and well-formed, with ids 1..records', () => {
    const a = generateKnownCCTCodes(5000);
    expect(Array.from(generateKnownCCTCodes(5000))).toEqual(Array.from(a));
    expect(new Set(a).size).toBe(5000);
    const rows = [...generateCCTRows(5000)];
    rows.forEach((r, i) => {
      expect(r.id).toBe(i + 1);
      expect(r.clave).toBe(decodeClave(a[i]!));
      expect(Number(r.clave.slice(0, 2))).toBeGreaterThanOrEqual(1);
      expect(Number(r.clave.slice(0, 2))).toBeLessThanOrEqual(32);
    });
    expect(rows.some((r) => /[ÁÉÍÓÚÑÜ]/.test(r.nombre + r.entidad + r.municipio))).toBe(true);
    expect(rows.some((r) => r.nombre.includes('", '))).toBe(true);
  });

  it('unknown claves are well-formed and in no catalogue (entidad 33–99)', () => {
    const unknown = generateUnknownCCTCodes(2000, 5000);
    for (const code of unknown) {
      const clave = decodeClave(code);
      expect(isClave(clave)).toBe(true);
      expect(Number(clave.slice(0, 2))).toBeGreaterThanOrEqual(33);
    }
  });

  it('the export holds every row plus the documented defects, which the loader counts exactly', async () => {
    const records = 9000;
    const lines = [...generateCCTCsvLines(records)];
    expect(lines[0]).toBe(CCT_CSV_HEADER);
    const defects = cctExportDefects(records);
    expect(defects).toEqual({ wrongColumnCount: 3, invalidClave: 3, duplicateClaves: 3 });
    const { index, report } = await loadCCTIndexFromCsv(Readable.from([`${lines.join('\n')}\n`]));
    expect(report).toMatchObject({
      rows: records + 9,
      loaded: records,
      wrongColumnCount: 3,
      invalidClave: 3,
      invalidId: 0,
      unparseable: 0,
      duplicateClaves: 3,
    });
    const codes = generateKnownCCTCodes(records);
    for (let i = 0; i < records; i += 97) expect(index.getByCode(codes[i]!)).toBe(i + 1);
  });
});
