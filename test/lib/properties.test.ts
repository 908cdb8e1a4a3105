/**
 * Property-based tests of the core: for arbitrary text and bytes, analyze() returns a
 * schema-valid report with exact offsets, or throws a typed TextlensError — nothing else.
 * FUZZ_RUNS raises the case count (`npm run fuzz`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, prepare } from '../../functions/lib/analyze.ts';
import { TextlensError } from '../../functions/lib/errors.ts';
import { validateReport } from '../../functions/lib/schema/validate.ts';
import { segmentParagraphs } from '../../functions/lib/segment.ts';
import { expectOffsetsConsistent } from '../helpers/samples.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/** Article-like text: words, names, numbers, punctuation, white space of every kind, emoji. */
const articleText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'The',
        'Angela Merkel',
        'Berlin',
        'not',
        'good',
        'terrible',
        'Apple Inc.',
        '$5',
        '12%',
        'Monday',
      ),
      fc.constantFrom(
        ' ',
        '  ',
        '\n',
        '\n\n',
        '\r\n',
        '\r\n\r\n',
        '\t',
        '\u00a0',
        '. ',
        '! ',
        '? ',
        ', ',
        '"',
        '—',
      ),
      fc.constantFrom(
        '😀',
        '👍🏽',
        'Zoë',
        'Łódź',
        '#tag',
        '@user',
        'a@b.com',
        'https://x.org/a?b=c',
        '<b>',
        '&amp;',
      ),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

function checkOutcome(bytes: Uint8Array, input: Parameters<typeof analyze>[1]): void {
  let report: ReturnType<typeof analyze>;
  try {
    report = analyze(bytes, input);
  } catch (error) {
    expect(error).toBeInstanceOf(TextlensError);
    return;
  }
  validateReport(report);
  expectOffsetsConsistent(report, prepare(bytes, input).text);
}

describe('core properties', () => {
  it('arbitrary text: a valid report with exact offsets, or a typed error', () => {
    fc.assert(
      fc.property(articleText, fc.constantFrom('a.txt', 'a.md', 'a.html'), (text, key) => {
        checkOutcome(new TextEncoder().encode(text), { key });
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary bytes: a valid report or a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        checkOutcome(bytes, { key: 'x.txt' });
      }),
      { numRuns: RUNS },
    );
  });

  it('paragraph spans are ordered, non-overlapping, trimmed and non-empty', () => {
    fc.assert(
      fc.property(articleText, (text) => {
        let previous = -1;
        for (const span of segmentParagraphs(text)) {
          expect(span.start).toBeGreaterThan(previous);
          expect(span.end).toBeGreaterThan(span.start);
          const slice = text.slice(span.start, span.end);
          expect(slice).toBe(slice.trim());
          previous = span.end;
        }
      }),
      { numRuns: RUNS * 4 },
    );
  });
});
