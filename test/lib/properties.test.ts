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

// `npm run fuzz` (20,000 runs) needs minutes per property, not the default 30 s.
describe('core properties', { timeout: Math.max(30_000, RUNS * 15) }, () => {
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

  it('arbitrary Unicode strings (any code point, lone surrogates included): a valid report or a typed error', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom('a.txt', 'a.md', 'a.html'),
        (text, key) => {
          checkOutcome(new TextEncoder().encode(text), { key });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('arbitrary text as UTF-16 LE/BE with BOM, UTF-8 with BOM and Windows-1252 bytes', () => {
    const encodings = ['utf-16le', 'utf-16be', 'utf-8-bom', 'cp1252'] as const;
    fc.assert(
      fc.property(articleText, fc.constantFrom(...encodings), (text, encoding) => {
        let bytes: Uint8Array;
        if (encoding === 'utf-8-bom') bytes = new TextEncoder().encode(`\ufeff${text}`);
        else if (encoding === 'cp1252') bytes = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
        else {
          const buffer = Buffer.from(`\ufeff${text}`, 'utf16le');
          if (encoding === 'utf-16be') buffer.swap16();
          bytes = new Uint8Array(buffer);
        }
        checkOutcome(bytes, { key: 'a.txt' });
      }),
      { numRuns: RUNS },
    );
  });

  it('byte arrays with a BOM or binary signature in front: a valid report or a typed error', () => {
    const prefixes = [
      [0xef, 0xbb, 0xbf],
      [0xff, 0xfe],
      [0xfe, 0xff],
      [0xff, 0xfe, 0, 0],
      [0x89, 0x50, 0x4e, 0x47],
      [],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 300 }), (prefix, rest) => {
        checkOutcome(Uint8Array.from([...prefix, ...rest]), { key: 'x.txt' });
      }),
      { numRuns: RUNS },
    );
  });

  it('long runs without white space (split for the tokenizer) keep exact offsets', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('a', 'Zoë', '😀', '.', '-', '1', 'ř'), fc.integer({ min: 1, max: 400 })),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.constantFrom(' ', '\n\n', ''),
        (pieces, separator) => {
          const text = pieces.map(([unit, n]) => unit.repeat(n)).join(separator);
          checkOutcome(new TextEncoder().encode(text), { key: 'a.txt' });
        },
      ),
      { numRuns: Math.max(20, Math.floor(RUNS / 5)) },
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
