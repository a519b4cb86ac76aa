/**
 * A CCT export with every kind of bad input the loader must survive (issue 4: "wrong column
 * count, bad clave, BOM, CRLF, quoted commas, UTF-8 names, duplicate claves"), and the exact
 * report it must produce. CRLF line endings and a UTF-8 BOM throughout.
 */

const LINES = [
  'id,clave,nombre,entidad,municipio,turno',
  // good rows: UTF-8 names, a quoted comma with escaped quotes, a quoted state name
  '1,09DPR0001A,ESCUELA PRIMARIA BENITO JUÁREZ,CIUDAD DE MÉXICO,COYOACÁN,MATUTINO',
  '2,14EJN0002B,"JARDÍN DE NIÑOS ""SOR JUANA INÉS DE LA CRUZ"", ANEXA 1",JALISCO,ZAPOPAN,VESPERTINO',
  '3,19DES0003C,"ESCUELA SECUNDARIA GENERAL, TURNO MATUTINO","NUEVO LEÓN",MONTERREY,MATUTINO',
  '4,31DPB0004D,ESCUELA PRIMARIA BILINGÜE ÑANDÚ,YUCATÁN,MÉRIDA,CONTINUO',
  // wrong column count: too few, too many
  '5,20DTV0005E,TELESECUNDARIA NEZAHUALCÓYOTL,OAXACA',
  '6,21DPR0006F,ESCUELA PRIMARIA,PUEBLA,PUEBLA,MATUTINO,EXTRA',
  // bad claves: too short, lowercase, empty, letter where a digit belongs
  '7,9DPR00007G,ESCUELA PRIMARIA,PUEBLA,PUEBLA,MATUTINO',
  '8,09dpr0008h,ESCUELA PRIMARIA,PUEBLA,PUEBLA,MATUTINO',
  '9,,ESCUELA SIN CLAVE,PUEBLA,PUEBLA,MATUTINO',
  '10,09DPRO010J,ESCUELA PRIMARIA,PUEBLA,PUEBLA,MATUTINO',
  // bad ids: not a number, negative, empty
  'X11,22DPR0011K,ESCUELA PRIMARIA,QUERÉTARO,QUERÉTARO,MATUTINO',
  '-12,22DPR0012L,ESCUELA PRIMARIA,QUERÉTARO,QUERÉTARO,MATUTINO',
  ',22DPR0013M,ESCUELA PRIMARIA,QUERÉTARO,QUERÉTARO,MATUTINO',
  // a blank line is not a row
  '',
  // duplicates: the later row wins
  '14,09DPR0001A,ESCUELA PRIMARIA BENITO JUÁREZ (REUBICADA),CIUDAD DE MÉXICO,COYOACÁN,MATUTINO',
  '15,14EJN0002B,JARDÍN DE NIÑOS SOR JUANA,JALISCO,ZAPOPAN,VESPERTINO',
  '16,09DPR0001A,ESCUELA PRIMARIA BENITO JUÁREZ (TERCERA),CIUDAD DE MÉXICO,COYOACÁN,MATUTINO',
  // a quote inside an unquoted field: csv-parse cannot read the record
  '17,23DPR0017Q,ESCUELA "LA PAZ" PRIMARIA,QUINTANA ROO,CANCÚN,MATUTINO',
  // good again after all of that
  '18,32EST0018R,SECUNDARIA TÉCNICA RAMÓN LÓPEZ VELARDE,ZACATECAS,ZACATECAS,VESPERTINO',
];

/** The export's text: BOM, CRLF line endings, trailing CRLF. */
export const MALFORMED_CCTS_CSV = `\uFEFF${LINES.join('\r\n')}\r\n`;

/** Claves the loader must hold, with the id that wins. */
export const MALFORMED_CCTS_EXPECTED_IDS: ReadonlyMap<string, number> = new Map([
  ['09DPR0001A', 16],
  ['14EJN0002B', 15],
  ['19DES0003C', 3],
  ['31DPB0004D', 4],
  ['32EST0018R', 18],
]);

/** The report the loader must produce for {@link MALFORMED_CCTS_CSV}. */
export const MALFORMED_CCTS_REPORT = {
  rows: 18,
  loaded: 5,
  wrongColumnCount: 2,
  invalidClave: 4,
  invalidId: 3,
  unparseable: 1,
  malformedRows: 10,
  duplicateClaves: 3,
  bom: true,
  crlf: true,
} as const;
