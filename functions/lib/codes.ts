/**
 * Codes written inside running text that wink-nlp and the name tagger split into nonsense:
 * stock tickers ("Nvidia Corp (NVDA.O)" gave ORGANIZATION "NVDA", "(2330.TW)" CARDINAL "2330"
 * and ORGANIZATION "TW") and UK postcodes ("Riverside RV4 7QT" gave CARDINAL "7"). Character
 * patterns over one paragraph's text, applied to the entities already found in it. Pure.
 */
import type { ParagraphEntity } from './types.ts';

/**
 * A ticker in brackets: with its exchange ("(NASDAQ: AAPL)", "(NYSE:IBM)", "(LSE: BARC)"), a
 * Reuters instrument code with its exchange suffix ("(NVDA.O)", "(2330.TW)", "(VOWG_p.DE)"), or an
 * index code ("(.SOX)"). A bare "(AP)" or "(UN)" is no ticker. Group 1 is the code.
 */
const TICKER =
  /\(((?:(?:NYSE(?: American)?|NASDAQ|Nasdaq|NasdaqGS|AMEX|LSE|LON|TSX|TSXV|ASX|HKEX|SGX|NSE|BSE|TSE|Euronext|XETRA|ETR|SIX|OTC(?:QX|QB)?)\s?:\s?[A-Z0-9][A-Z0-9._-]{0,9})|[A-Z0-9]{1,6}(?:_[a-z])?\.[A-Z]{1,3}|\.[A-Z][A-Z0-9]{1,7})\)/g;

/** A UK postcode ("SW1A 2AA", "RV4 7QT"). */
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s\d[ABD-HJLNP-UW-Z]{2}\b/g;

/** Types that a code's pieces were wrongly given, dropped where they overlap a code. */
const CODE_PIECE_TYPES = new Set([
  'CARDINAL',
  'ORGANIZATION',
  'PERSON',
  'LOCATION',
  'MISC',
  'GROUP',
  'DATE',
  'QUANTITY',
]);

/** Entities of the codes in text[from, to), and what the codes cover. */
interface Codes {
  /** One entity per ticker: ORGANIZATION for a company's, MISC for an index's. */
  entities: ParagraphEntity[];
  /** Character ranges of every code (tickers and postcodes). */
  covered: Array<[number, number]>;
  /** Start of each postcode: a name just before one is the place of an address. */
  postcodeStarts: number[];
}

function findCodes(text: string, from: number, to: number): Codes {
  const codes: Codes = { entities: [], covered: [], postcodeStarts: [] };
  const span = text.slice(from, to);
  if (span.includes('(')) {
    for (const match of span.matchAll(TICKER)) {
      const code = match[1];
      const start = from + match.index + 1;
      codes.entities.push({
        text: code,
        type: code.startsWith('.') ? 'MISC' : 'ORGANIZATION',
        start,
        end: start + code.length,
      });
      codes.covered.push([start, start + code.length]);
    }
  }
  for (const match of span.matchAll(UK_POSTCODE)) {
    const start = from + match.index;
    codes.covered.push([start, start + match[0].length]);
    codes.postcodeStarts.push(start);
  }
  return codes;
}

function overlapsAny(e: ParagraphEntity, covered: ReadonlyArray<[number, number]>): boolean {
  for (const [start, end] of covered) if (e.start < end && e.end > start) return true;
  return false;
}

/**
 * Applies the codes of text[from, to) to a paragraph's names and pattern entities: drops the
 * pieces found inside a code, adds one entity per ticker (to the names: the ticker stands for
 * the company), and makes a one-line name written just before a postcode a LOCATION ("Riverside
 * RV4 7QT"). Returns the inputs themselves when the paragraph has no code.
 */
export function applyCodes(
  text: string,
  from: number,
  to: number,
  names: ParagraphEntity[],
  patterns: ParagraphEntity[],
): { names: ParagraphEntity[]; patterns: ParagraphEntity[] } {
  const codes = findCodes(text, from, to);
  if (codes.covered.length === 0) return { names, patterns };
  const keep = (e: ParagraphEntity) => !CODE_PIECE_TYPES.has(e.type) || !overlapsAny(e, codes.covered);
  const keptNames = names
    .filter(keep)
    .map((e) =>
      e.type !== 'LOCATION' && codes.postcodeStarts.includes(e.end + 1) && text[e.end] === ' '
        ? { ...e, type: 'LOCATION' as const }
        : e,
    );
  const outNames = [...keptNames, ...codes.entities].sort((a, b) => a.start - b.start);
  return { names: outNames, patterns: patterns.filter(keep) };
}
