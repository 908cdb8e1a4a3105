import { describe, expect, it } from 'vitest';
import { analyze } from '../../functions/lib/analyze.ts';
import { applyCodes } from '../../functions/lib/codes.ts';
import type { ParagraphEntity } from '../../functions/lib/types.ts';

const entity = (text: string, whole: string, type: ParagraphEntity['type'], from = 0): ParagraphEntity => {
  const start = whole.indexOf(text, from);
  return { text, type, start, end: start + text.length };
};

/** Entities of the report of a one-paragraph plain-text article, as "text/TYPE". */
function entitiesOf(text: string): string[] {
  const report = analyze(new TextEncoder().encode(text), { key: 'a.txt' });
  return report.paragraphs.flatMap((p) => p.entities.map((e) => `${e.text}/${e.type}`));
}

describe('applyCodes', () => {
  it('replaces the pieces of a ticker with one entity for the company (or MISC for an index)', () => {
    const text = 'Taiwan Semiconductor (2330.TW) slipped and the index (.SOX) fell.';
    const names = [entity('Taiwan Semiconductor', text, 'ORGANIZATION'), entity('TW', text, 'ORGANIZATION')];
    const patterns = [entity('2330', text, 'CARDINAL')];
    const out = applyCodes(text, 0, text.length, names, patterns);
    expect(out.names.map((e) => `${e.text}/${e.type}`)).toEqual([
      'Taiwan Semiconductor/ORGANIZATION',
      '2330.TW/ORGANIZATION',
      '.SOX/MISC',
    ]);
    expect(out.patterns).toEqual([]);
    const code = out.names[1];
    expect(text.slice(code.start, code.end)).toBe('2330.TW');
  });

  it('drops the numbers of a UK postcode and makes the name before it a place', () => {
    const text = 'Town Hall, High Street, Riverside RV1 1AA';
    const names = [entity('Riverside', text, 'ORGANIZATION')];
    const patterns = [entity('1', text, 'CARDINAL', text.indexOf('RV1'))];
    const out = applyCodes(text, 0, text.length, names, patterns);
    expect(out.names.map((e) => `${e.text}/${e.type}`)).toEqual(['Riverside/LOCATION']);
    expect(out.patterns).toEqual([]);
  });

  it('leaves text without codes alone (a bracketed agency or acronym is no ticker)', () => {
    const text = 'NEW YORK (AP) - The UN (United Nations) met 2 times.';
    const names = [entity('AP', text, 'ORGANIZATION'), entity('UN', text, 'ORGANIZATION')];
    const patterns = [entity('2', text, 'CARDINAL')];
    const out = applyCodes(text, 0, text.length, names, patterns);
    expect(out.names).toBe(names);
    expect(out.patterns).toBe(patterns);
  });
});

describe('codes in a report', () => {
  it('reads tickers with an exchange or a suffix, and postcodes, in a whole analysis', () => {
    const found = entitiesOf(
      'Shares of Nvidia Corp (NVDA.O) fell 6%, Apple (NASDAQ: AAPL) rose, and Taiwan Semiconductor ' +
        'Manufacturing Co (2330.TW) slipped. Write to Parking Services, Town Hall, Riverside RV1 1AA.',
    );
    expect(found).toEqual(
      expect.arrayContaining(['NVDA.O/ORGANIZATION', 'NASDAQ: AAPL/ORGANIZATION', '2330.TW/ORGANIZATION']),
    );
    expect(found.filter((e) => /CARDINAL/.test(e))).toEqual([]);
    expect(found).toContain('Riverside/LOCATION');
  });
});
