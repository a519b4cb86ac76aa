import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCCTIndexFromCsv } from './cct-csv-loader.js';
import { CCTsError } from './ccts-error.js';
import { buildCCTMapNaive } from './cct-map-naive.js';
import { MALFORMED_CCTS_CSV, MALFORMED_CCTS_EXPECTED_IDS, MALFORMED_CCTS_REPORT } from '../test-fixtures/malformed-ccts.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-ccts-loader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Splits text into chunks of `size` bytes, so records, quotes and the BOM straddle chunk borders. */
function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

describe('loadCCTIndexFromCsv', () => {
  it('counts every kind of bad row exactly and keeps the good ones (file stream)', async () => {
    const file = path.join(dir, 'malformed.csv');
    fs.writeFileSync(file, MALFORMED_CCTS_CSV);
    const { index, report } = await loadCCTIndexFromCsv(fs.createReadStream(file));
    expect(report).toEqual({ ...MALFORMED_CCTS_REPORT, bytesRead: Buffer.byteLength(MALFORMED_CCTS_CSV) });
    expect(index.size).toBe(MALFORMED_CCTS_EXPECTED_IDS.size);
    for (const [clave, id] of MALFORMED_CCTS_EXPECTED_IDS) expect(index.get(clave), clave).toBe(id);
    expect(index.get('20DTV0005E')).toBe(-1); // wrong column count: skipped
    expect(index.get('23DPR0017Q')).toBe(-1); // unparseable: skipped
  });

  it('gives the same report when chunks split records, quotes, multi-byte characters and the BOM', async () => {
    for (const size of [1, 2, 7, 64]) {
      const { report } = await loadCCTIndexFromCsv(chunked(MALFORMED_CCTS_CSV, size));
      expect(report, `chunk size ${size}`).toMatchObject(MALFORMED_CCTS_REPORT);
    }
  });

  it('reports LF files without a BOM as such', async () => {
    const { report, index } = await loadCCTIndexFromCsv(Readable.from(['clave,id\n09DPR0001A,7\n']));
    expect(report).toMatchObject({ bom: false, crlf: false, rows: 1, loaded: 1, malformedRows: 0 });
    expect(index.get('09DPR0001A')).toBe(7); // columns found by name, any order
  });

  it('fails with HEAPGATE_CCTS_BAD_HEADER when the header names no id or clave column, or there is none', async () => {
    await expect(loadCCTIndexFromCsv(Readable.from(['codigo,nombre\n09DPR0001A,x\n']))).rejects.toMatchObject({
      code: 'HEAPGATE_CCTS_BAD_HEADER',
    });
    await expect(loadCCTIndexFromCsv(Readable.from([]))).rejects.toBeInstanceOf(CCTsError);
  });

  it('stops with HEAPGATE_CCTS_MEMORY_LIMIT past maxRecords', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i + 1},09DPR${String(i).padStart(4, '0')}A`).join('\n');
    await expect(loadCCTIndexFromCsv(Readable.from([`id,clave\n${rows}\n`]), { maxRecords: 10 })).rejects.toMatchObject({
      code: 'HEAPGATE_CCTS_MEMORY_LIMIT',
    });
  });

  it('the naive loader reads UTF-8 names and quoted commas intact, and dies on a stray quote', () => {
    expect(() => buildCCTMapNaive(MALFORMED_CCTS_CSV)).toThrow(/Invalid Opening Quote/);
    const map = buildCCTMapNaive(
      MALFORMED_CCTS_CSV.split('\r\n')
        .filter((line) => !line.includes('"LA PAZ"'))
        .join('\r\n'),
    );
    expect(map.get('14EJN0002B')?.nombre).toBe('JARDÍN DE NIÑOS SOR JUANA');
    expect(map.get('19DES0003C')).toMatchObject({ nombre: 'ESCUELA SECUNDARIA GENERAL, TURNO MATUTINO', entidad: 'NUEVO LEÓN', id: '3' });
    expect(map.get('31DPB0004D')?.nombre).toBe('ESCUELA PRIMARIA BILINGÜE ÑANDÚ');
  });
});
