import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CONTACT_TYPE_PARSERS, parseUuidArray } from './contact-type-parsers.js';

const a = '0b3c1c9e-6a55-4b1e-9a7e-3f5d2c1b0a99';
const b = 'f0e1d2c3-b4a5-4968-8776-655443322110';

describe('parseUuidArray', () => {
  it('splits the text form of a uuid[] as pg would parse it', () => {
    const general = pg.types.getTypeParser(2951 as number as Parameters<typeof pg.types.getTypeParser>[0], 'text') as (
      t: string,
    ) => unknown;
    for (const text of ['{}', `{${a}}`, `{${a},${b}}`, `{${a},NULL}`]) {
      expect(parseUuidArray(text)).toEqual(general(text));
    }
  });

  it('is what CONTACT_TYPE_PARSERS returns for uuid[], and pg’s parser for anything else', () => {
    expect(CONTACT_TYPE_PARSERS.getTypeParser(2951 as never, 'text')).toBe(parseUuidArray);
    expect(CONTACT_TYPE_PARSERS.getTypeParser(1184 as never, 'text')).toBe(pg.types.getTypeParser(1184 as never, 'text'));
  });
});
