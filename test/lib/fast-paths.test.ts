/**
 * The fast paths of the analysis are exact: each is checked against the slower code it stands
 * in for (kept here as the reference), on fuzzed input. Reports must not change by a byte when
 * a speed-up lands (scripts/bench/report-digest.ts checks that on real documents).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameWords } from '../../functions/lib/aliases.ts';
import { hasLetter, isAsciiAlphanumeric } from '../../functions/lib/chars.ts';
import { normalizeEntityText } from '../../functions/lib/entities.ts';
import { wordsOf } from '../../functions/lib/language.ts';
import { nameFinder } from '../../functions/lib/salience.ts';
import { WORD_ENTRIES } from '../../functions/lib/sentiment.ts';
import {
  CONCESSIVES,
  CONTRASTS,
  DIRECTION_WORDS,
  MODIFIERS,
  NEGATORS,
  PHRASES,
  TARGETS,
  VALENCE,
} from '../../functions/lib/sentiment-lexicon.ts';
import type { EntityType } from '../../functions/lib/types.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);

/** Text from pieces that hit every branch: ASCII, white space, quotes, affixes, NFKC, Unicode. */
const nameText = fc
  .array(
    fc.oneof(
      fc.constantFrom('The ', 'the ', "'s", '’s', '‘', 'Mr. ', 'Dr ', 'President ', 'J. ', 'X', 'a'),
      fc.constantFrom(' ', '  ', '\n', '\t', '\u00a0', '\u2009', '\r\n', '.', ',', '-', "'", '(', ')'),
      fc.constantFrom(
        'Biden',
        'ACME',
        'Société',
        'ﬁnance',
        'Ｕ.Ｓ.',
        'İstanbul',
        'Dvořák',
        '東京',
        'ſ',
        'K',
        '1996',
      ),
      fc.string({ maxLength: 4 }),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

/** entities.ts's normalizeEntityText before its ASCII fast path. */
function normalizeReference(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/^the /, '')
    .replace(/'s$/, '');
}

describe('fast paths are exact', () => {
  it('normalizeEntityText', () => {
    fc.assert(
      fc.property(nameText, (text) => {
        expect(normalizeEntityText(text)).toBe(normalizeReference(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('nameWords trims words without the regex only when nothing is to trim', () => {
    fc.assert(
      fc.property(nameText, fc.constantFrom<EntityType>('ORGANIZATION', 'LOCATION'), (text, type) => {
        const reference = normalizeReference(text)
          .split(' ')
          .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
          .filter((w) => w.length > 0);
        expect(nameWords(text, type)).toEqual(reference);
      }),
      { numRuns: RUNS },
    );
  });

  it('hasLetter and isAsciiAlphanumeric', () => {
    fc.assert(
      fc.property(fc.oneof(nameText, fc.string({ unit: 'binary', maxLength: 6 })), (text) => {
        expect(hasLetter(text)).toBe(/\p{L}/u.test(text));
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          expect(isAsciiAlphanumeric(c)).toBe(c < 0x80 && /[\p{L}\p{N}]/u.test(text[i]));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('wordsOf finds what the regex finds', () => {
    fc.assert(
      fc.property(fc.oneof(nameText, fc.string({ maxLength: 40 })), (text) => {
        expect(wordsOf(text)).toEqual(text.match(/\p{L}{2,}/gu) ?? []);
      }),
      { numRuns: RUNS },
    );
  });

  it('nameFinder answers like the whole-word regex, for several names in one haystack', () => {
    const escapeRegExp = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const reference = (haystack: string, name: string) => {
      const needle = name.trim();
      return (
        needle.length > 0 &&
        new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, 'iu').test(haystack)
      );
    };
    fc.assert(
      fc.property(nameText, fc.array(nameText, { maxLength: 5 }), (haystack, names) => {
        const find = nameFinder(haystack);
        // Names taken from the haystack itself match often, which exercises the fast path.
        const candidates = [...names, ...haystack.split(/\s+/), haystack.slice(1, 6)];
        for (const name of candidates) expect(find(name)).toBe(reference(haystack, name));
      }),
      { numRuns: RUNS },
    );
    // (The reference compiles a Unicode regex per name: with FUZZ_RUNS in the thousands this
    // test takes a minute.)
  }, 300_000);

  it("sentiment's word entries say what the lexicon tables say", () => {
    const words = new Set<string>([
      ...NEGATORS,
      ...CONTRASTS,
      ...CONCESSIVES,
      ...MODIFIERS.keys(),
      ...VALENCE.keys(),
      ...TARGETS.keys(),
      ...DIRECTION_WORDS.keys(),
      ...[...PHRASES.keys()].flatMap((p) => p.split(' ')),
      'the',
      'zzz',
    ]);
    const phrases = [...PHRASES.keys()];
    for (const word of words) {
      const entry = WORD_ENTRIES.get(word);
      expect(entry?.negator ?? false).toBe(NEGATORS.has(word));
      expect(entry?.contrast ?? false).toBe(CONTRASTS.has(word));
      expect(entry?.concessive ?? false).toBe(CONCESSIVES.has(word));
      expect(entry?.modifier).toBe(MODIFIERS.get(word));
      expect(entry?.valence).toBe(VALENCE.get(word));
      expect(entry?.target).toBe(TARGETS.get(word));
      expect(entry?.direction).toBe(DIRECTION_WORDS.get(word));
      expect(entry?.startsPhrase ?? false).toBe(phrases.some((p) => p.startsWith(`${word} `)));
    }
    // No entry for a word no table has.
    for (const word of WORD_ENTRIES.keys()) expect(words.has(word)).toBe(true);
  });
});
