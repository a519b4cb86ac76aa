/**
 * The synthetic CCT catalogue: `records` distinct, well-formed claves with ids `1..records`,
 * and realistic rows (Spanish names with accents, some with quoted commas) for the export CSV
 * and the lookup API's table. Deterministic: the same `records` always yields the same rows.
 *
 * Claves follow the SEP pattern: entidad (01–32), a 3-letter type (`DPR` federal primary,
 * `EJN` state kindergarten, `PES` private secondary…), a 4-digit number and a check letter.
 * Claves that must NOT exist (the workload's unknown 5 %) use entidad 33–99, which no state has.
 */
import { CCT_COLUMNS } from '../../reference-impl/ccts/ccts-schema.js';
import { decodeClave, encodeClave } from '../../reference-impl/ccts/clave.js';
import { createRandom, randomInt } from './random.js';

/** Bumped whenever generation changes: cached files, S3 objects and tables are then rebuilt. */
export const CCTS_DATASET_VERSION = 1;

/** One CCT as exported. */
export interface CCTRow {
  readonly id: number;
  readonly clave: string;
  readonly nombre: string;
  readonly entidad: string;
  readonly municipio: string;
  readonly turno: string;
}

const ENTIDADES = [
  'AGUASCALIENTES',
  'BAJA CALIFORNIA',
  'BAJA CALIFORNIA SUR',
  'CAMPECHE',
  'COAHUILA DE ZARAGOZA',
  'COLIMA',
  'CHIAPAS',
  'CHIHUAHUA',
  'CIUDAD DE MÉXICO',
  'DURANGO',
  'GUANAJUATO',
  'GUERRERO',
  'HIDALGO',
  'JALISCO',
  'MÉXICO',
  'MICHOACÁN DE OCAMPO',
  'MORELOS',
  'NAYARIT',
  'NUEVO LEÓN',
  'OAXACA',
  'PUEBLA',
  'QUERÉTARO',
  'QUINTANA ROO',
  'SAN LUIS POTOSÍ',
  'SINALOA',
  'SONORA',
  'TABASCO',
  'TAMAULIPAS',
  'TLAXCALA',
  'VERACRUZ DE IGNACIO DE LA LLAVE',
  'YUCATÁN',
  'ZACATECAS',
] as const;

/** Type codes and the name prefix of each (level of the school). */
const TIPOS: readonly (readonly [string, string])[] = [
  ['DPR', 'ESCUELA PRIMARIA'],
  ['EPR', 'ESCUELA PRIMARIA'],
  ['PPR', 'COLEGIO'],
  ['KPR', 'PRIMARIA COMUNITARIA'],
  ['DJN', 'JARDÍN DE NIÑOS'],
  ['EJN', 'JARDÍN DE NIÑOS'],
  ['PJN', 'JARDÍN DE NIÑOS'],
  ['KJN', 'PREESCOLAR COMUNITARIO'],
  ['DES', 'ESCUELA SECUNDARIA GENERAL'],
  ['EES', 'ESCUELA SECUNDARIA'],
  ['PES', 'SECUNDARIA PARTICULAR'],
  ['DST', 'ESCUELA SECUNDARIA TÉCNICA'],
  ['EST', 'SECUNDARIA TÉCNICA'],
  ['DTV', 'TELESECUNDARIA'],
  ['ETV', 'TELESECUNDARIA'],
  ['DCC', 'CENTRO DE EDUCACIÓN PREESCOLAR INDÍGENA'],
  ['DPB', 'ESCUELA PRIMARIA BILINGÜE'],
  ['DBA', 'CENTRO DE EDUCACIÓN BÁSICA PARA ADULTOS'],
  ['DML', 'CENTRO DE ATENCIÓN MÚLTIPLE'],
  ['EBH', 'BACHILLERATO'],
  ['PBH', 'BACHILLERATO PARTICULAR'],
  ['DCT', 'CENTRO DE BACHILLERATO TECNOLÓGICO'],
  ['DDI', 'CENTRO DE DESARROLLO INFANTIL'],
  ['EDI', 'ESTANCIA INFANTIL'],
];

const HONOREES = [
  'BENITO JUÁREZ',
  'JOSÉ MARÍA MORELOS Y PAVÓN',
  'MIGUEL HIDALGO Y COSTILLA',
  'SOR JUANA INÉS DE LA CRUZ',
  'LÁZARO CÁRDENAS',
  'EMILIANO ZAPATA',
  'FRANCISCO I. MADERO',
  'VICENTE GUERRERO',
  'NIÑOS HÉROES',
  'JOSEFA ORTIZ DE DOMÍNGUEZ',
  'LEONA VICARIO',
  'IGNACIO ZARAGOZA',
  'CUAUHTÉMOC',
  'NEZAHUALCÓYOTL',
  'GABRIELA MISTRAL',
  'AMADO NERVO',
  'RAMÓN LÓPEZ VELARDE',
  'JOSÉ VASCONCELOS',
  'JAIME TORRES BODET',
  'ROSARIO CASTELLANOS',
  'OCTAVIO PAZ',
  'FRIDA KAHLO',
  'DIEGO RIVERA',
  'ÁLVARO OBREGÓN',
  'VENUSTIANO CARRANZA',
  'FRANCISCO VILLA',
  'GUADALUPE VICTORIA',
  'MANUEL ÁVILA CAMACHO',
  'ADOLFO LÓPEZ MATEOS',
  'JUSTO SIERRA',
  'REVOLUCIÓN',
  'INDEPENDENCIA',
  'REFORMA',
  'MARGARITA MAZA DE JUÁREZ',
  'ELENA GARRO',
  'JUAN ESCUTIA',
  'AGUSTÍN MELGAR',
  'CARMEN SERDÁN',
  'ANDRÉS QUINTANA ROO',
  'GENERAL IGNACIO ALLENDE',
];

const MUNICIPIOS = [
  'IZTAPALAPA',
  'GUADALAJARA',
  'ZAPOPAN',
  'ECATEPEC DE MORELOS',
  'PUEBLA',
  'TIJUANA',
  'LEÓN',
  'JUÁREZ',
  'MONTERREY',
  'NEZAHUALCÓYOTL',
  'MÉRIDA',
  'SAN LUIS POTOSÍ',
  'AGUASCALIENTES',
  'QUERÉTARO',
  'MEXICALI',
  'CULIACÁN',
  'ACAPULCO DE JUÁREZ',
  'TLALNEPANTLA DE BAZ',
  'CHIHUAHUA',
  'MORELIA',
  'HERMOSILLO',
  'SALTILLO',
  'TORREÓN',
  'CANCÚN',
  'OAXACA DE JUÁREZ',
  'TUXTLA GUTIÉRREZ',
  'XALAPA',
  'VILLAHERMOSA',
  'SAN CRISTÓBAL DE LAS CASAS',
  'TEPIC',
  'COYOACÁN',
  'CUAUHTÉMOC',
  'GUSTAVO A. MADERO',
  'TLAQUEPAQUE',
  'APODACA',
  'SANTA CATARINA',
  'ZACATECAS',
  'CAMPECHE',
  'COLIMA',
  'PACHUCA DE SOTO',
];

const TURNOS = ['MATUTINO', 'VESPERTINO', 'NOCTURNO', 'DISCONTINUO', 'CONTINUO'] as const;

/** CSV header of the export (`id,clave,nombre,entidad,municipio,turno`). */
export const CCT_CSV_HEADER = CCT_COLUMNS.join(',');

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function clave(entidad: number, tipo: string, number: number, check: number): string {
  return `${String(entidad).padStart(2, '0')}${tipo}${String(number).padStart(4, '0')}${LETTERS[check]}`;
}

/**
 * The encoded claves of the catalogue, in id order (`codes[i]` has id `i + 1`), all distinct.
 */
export function generateKnownCCTCodes(records: number): Float64Array {
  assertRecords(records);
  const random = createRandom(0xcc7_0000 ^ records);
  const codes = new Float64Array(records);
  const seen = new Set<number>();
  for (let i = 0; i < records; ) {
    const code = encodeClave(
      clave(1 + randomInt(random, 32), TIPOS[randomInt(random, TIPOS.length)]![0], randomInt(random, 10_000), randomInt(random, 26)),
    );
    if (seen.has(code)) continue;
    seen.add(code);
    codes[i++] = code;
  }
  return codes;
}

/** `count` distinct well-formed claves that are not in any catalogue (entidad 33–99), encoded. */
export function generateUnknownCCTCodes(count: number, seed: number): Float64Array {
  const random = createRandom(0xbad_cc7 ^ seed);
  const codes = new Float64Array(count);
  const seen = new Set<number>();
  for (let i = 0; i < count; ) {
    const code = encodeClave(
      clave(33 + randomInt(random, 67), TIPOS[randomInt(random, TIPOS.length)]![0], randomInt(random, 10_000), randomInt(random, 26)),
    );
    if (seen.has(code)) continue;
    seen.add(code);
    codes[i++] = code;
  }
  return codes;
}

/** The catalogue's rows in id order. */
export function* generateCCTRows(records: number): Generator<CCTRow> {
  const codes = generateKnownCCTCodes(records);
  const random = createRandom(0x0a3e_5000 ^ records);
  for (let i = 0; i < records; i++) {
    const text = decodeClave(codes[i]!);
    const entidad = ENTIDADES[Number(text.slice(0, 2)) - 1]!;
    const prefix = TIPOS.find((t) => t[0] === text.slice(2, 5))![1];
    const honoree = HONOREES[randomInt(random, HONOREES.length)]!;
    // ~1.5 % of names carry quotes and a comma, as real exports do ("…", ANEXA).
    const nombre = random() < 0.015 ? `${prefix} "${honoree}", ANEXA ${1 + randomInt(random, 9)}` : `${prefix} ${honoree}`;
    yield {
      id: i + 1,
      clave: text,
      nombre,
      entidad,
      municipio: MUNICIPIOS[randomInt(random, MUNICIPIOS.length)]!,
      turno: TURNOS[randomInt(random, TURNOS.length)]!,
    };
  }
}

/** Defects injected into the export (not the table), as real exports have them. */
export interface CCTExportDefects {
  /** Truncated lines (2 fields instead of 6). */
  readonly wrongColumnCount: number;
  /** Lines whose clave is malformed. */
  readonly invalidClave: number;
  /** Exact repeats of an earlier line (same clave and id: last wins, same answer). */
  readonly duplicateClaves: number;
}

/** Defects for a catalogue of `records`: one of each kind per 3,000 records, at least one of each. */
export function cctExportDefects(records: number): CCTExportDefects {
  const each = Math.max(1, Math.floor(records / 3000));
  return { wrongColumnCount: each, invalidClave: each, duplicateClaves: each };
}

/** A CSV field, quoted when it contains a comma, quote or line break. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row as a CSV line (no line ending). */
export function cctCsvLine(row: CCTRow): string {
  return `${row.id},${row.clave},${csvField(row.nombre)},${csvField(row.entidad)},${csvField(row.municipio)},${row.turno}`;
}

/**
 * The export's lines (header first, no line endings): every row, with the defects of
 * {@link cctExportDefects} spread evenly through the file.
 */
export function* generateCCTCsvLines(records: number): Generator<string> {
  const defects = cctExportDefects(records);
  const total = defects.wrongColumnCount + defects.invalidClave + defects.duplicateClaves;
  const every = Math.max(1, Math.floor(records / (total + 1)));
  let injected = 0;
  let junkId = records + 1;
  let previous: string | undefined;
  yield CCT_CSV_HEADER;
  let n = 0;
  for (const row of generateCCTRows(records)) {
    const line = cctCsvLine(row);
    yield line;
    n++;
    if (n % every === 0 && injected < total) {
      const kind = injected % 3;
      if (kind === 0) yield `${junkId++},${row.clave.slice(0, 5)}`;
      else if (kind === 1)
        yield `${junkId++},${row.clave.slice(0, 9)}?,ESCUELA SIN CLAVE VÁLIDA,${csvField(row.entidad)},${csvField(row.municipio)},${row.turno}`;
      else yield previous ?? line;
      injected++;
    }
    previous = line;
  }
}

function assertRecords(records: number): void {
  if (!Number.isInteger(records) || records < 1) throw new TypeError(`records must be an integer ≥ 1, got ${String(records)}`);
}
