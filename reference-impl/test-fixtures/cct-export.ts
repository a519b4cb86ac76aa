/**
 * A well-formed CCT export of any size, for tests that need many records (the memory
 * estimator): `records` distinct claves with ids `1..records`, six columns like the real
 * export, rows of nearly equal length (so a size-based record estimate is meaningful).
 * Deterministic: the same `records` always writes the same file.
 */
import fs from 'node:fs';

/** The export's header line. */
export const CCT_EXPORT_HEADER = 'id,clave,nombre,entidad,municipio,turno';

/** Type codes and the name prefix of each. */
const TIPOS = [
  ['DPR', 'ESCUELA PRIMARIA'],
  ['EJN', 'JARDÍN DE NIÑOS'],
  ['DES', 'ESCUELA SECUNDARIA GENERAL'],
  ['DST', 'ESCUELA SECUNDARIA TÉCNICA'],
  ['DTV', 'TELESECUNDARIA'],
  ['PPR', 'COLEGIO'],
  ['EBH', 'BACHILLERATO'],
  ['DML', 'CENTRO DE ATENCIÓN MÚLTIPLE'],
] as const;
const MUNICIPIOS = ['COYOACÁN', 'ZAPOPAN', 'MONTERREY', 'MÉRIDA', 'OAXACA DE JUÁREZ', 'TIJUANA'] as const;
const TURNOS = ['MATUTINO', 'VESPERTINO', 'NOCTURNO', 'CONTINUO'] as const;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Distinct claves the enumeration below can produce: entidades × tipos × 4-digit numbers. */
const MAX_RECORDS = 32 * TIPOS.length * 10_000;

/**
 * The `i`-th row (0-based). Entidad, tipo and number enumerate distinct claves (entidad
 * fastest, so consecutive rows spread over the whole key space); the check letter varies too.
 */
function row(i: number): string {
  const entidad = String(1 + (i % 32)).padStart(2, '0');
  const [tipo, prefix] = TIPOS[Math.floor(i / 32) % TIPOS.length]!;
  const number = String(Math.floor(i / (32 * TIPOS.length))).padStart(4, '0');
  const clave = `${entidad}${tipo}${number}${LETTERS[(i * 7) % 26]}`;
  return `${i + 1},${clave},${prefix} ${number},ENTIDAD ${entidad},${MUNICIPIOS[i % MUNICIPIOS.length]},${TURNOS[i % TURNOS.length]}`;
}

/** Writes the export of `records` rows (header first, `\n` line endings) to `file`. */
export function writeCCTExport(file: string, records: number): void {
  if (!Number.isInteger(records) || records < 1 || records > MAX_RECORDS) {
    throw new TypeError(`records must be an integer in [1, ${MAX_RECORDS}], got ${String(records)}`);
  }
  const lines = [CCT_EXPORT_HEADER];
  for (let i = 0; i < records; i++) lines.push(row(i));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}
