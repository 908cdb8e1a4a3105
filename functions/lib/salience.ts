/**
 * Salience: how central an entity is to the article, in 0..1 (1 = the article is about it).
 *
 * A weighted sum of five features, each in 0..1, times a weight for the entity type:
 *
 * | feature  | weight | meaning                                                                  |
 * |----------|--------|--------------------------------------------------------------------------|
 * | mentions | 0.40   | log(1 + count) / log(1 + highest count in the article)                    |
 * | spread   | 0.15   | share of the paragraphs that mention it                                   |
 * | position | 0.20   | 1 - (offset of the first mention / text length): early means important    |
 * | title    | 0.15   | 1 when the title (or, without one, the first paragraph) names it          |
 * | lead     | 0.10   | 1 when the first paragraph that is not the title mentions it              |
 *
 * Type weights: names (PERSON, ORGANIZATION, LOCATION) 1; GROUP and MISC 0.85; HASHTAG, MENTION,
 * URL, EMAIL 0.6; dates, times, numbers, money, percentages 0.4; EMOJI 0.3 — an article is
 * rarely "about" a number, even a repeated one. Unlike Google's salience the values do not sum
 * to 1 across entities: each is an absolute score, comparable across articles.
 *
 * Title matching: any of the entity's names (text or alias) occurs in the title as whole words,
 * case-insensitively. Cost: O(mentions) plus one title search per entity.
 */
import { round4 } from './arc.ts';
import type { DocumentEntity, EntityType } from './types.ts';

export const SALIENCE_WEIGHTS = { mentions: 0.4, spread: 0.15, position: 0.2, title: 0.15, lead: 0.1 };

/** How much of paragraph 0 is searched as the title when there is none. */
const TITLE_STAND_IN_LENGTH = 300;

const TYPE_WEIGHT: Readonly<Record<EntityType, number>> = {
  PERSON: 1,
  ORGANIZATION: 1,
  LOCATION: 1,
  GROUP: 0.85,
  MISC: 0.85,
  HASHTAG: 0.6,
  MENTION: 0.6,
  URL: 0.6,
  EMAIL: 0.6,
  DATE: 0.4,
  TIME: 0.4,
  DURATION: 0.4,
  MONEY: 0.4,
  PERCENT: 0.4,
  QUANTITY: 0.4,
  CARDINAL: 0.4,
  ORDINAL: 0.4,
  EMOJI: 0.3,
};

/** What salience needs to know about the article. */
export interface SalienceContext {
  /** Length of the extracted text. */
  textLength: number;
  /** Number of paragraphs. */
  paragraphs: number;
  /** The title, when the extractor found one. */
  title?: string;
  /** Text of paragraph 0 (stands in for a missing title and tells whether it *is* the title). */
  firstParagraph?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ASCII_ONLY = /^\p{ASCII}*$/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

/** Is the code point ending at `i` (before it) a letter or number? Lone surrogates are not. */
function letterOrNumberBefore(text: string, i: number): boolean {
  if (i <= 0) return false;
  const low = text.charCodeAt(i - 1);
  const pair =
    low >= 0xdc00 &&
    low <= 0xdfff &&
    i >= 2 &&
    text.charCodeAt(i - 2) >= 0xd800 &&
    text.charCodeAt(i - 2) <= 0xdbff;
  return LETTER_OR_NUMBER.test(text.slice(pair ? i - 2 : i - 1, i));
}

/** Is the code point starting at `i` a letter or number? */
function letterOrNumberAt(text: string, i: number): boolean {
  return i < text.length && LETTER_OR_NUMBER.test(String.fromCodePoint(text.codePointAt(i) as number));
}

/**
 * A test of whether names occur in `haystack` as whole words (case-insensitive): what
 * {@link containsName} does, with the haystack's lower case computed once for all the names
 * asked about (salience asks about every entity name of an article in one title).
 */
export function nameFinder(haystack: string): (name: string) => boolean {
  // Fast exact path for an ASCII needle (compiling the Unicode regex below costs ~0.3 ms, once
  // per entity name): under /iu an ASCII character matches exactly the code points whose
  // toLowerCase is its lower case, except U+017F (long s, folded to "s"; checked for every code
  // point), and toLowerCase never shortens a string, so when it keeps the length it maps the
  // haystack character for character and indexOf finds the same matches as the regex.
  let lower: string | undefined;
  const fastPath = !haystack.includes('\u017f');
  return (name) => {
    const needle = name.trim();
    if (needle.length === 0) return false;
    if (fastPath && ASCII_ONLY.test(needle)) {
      lower ??= haystack.toLowerCase();
      const target = needle.toLowerCase();
      if (lower.length === haystack.length) {
        for (let i = lower.indexOf(target); i !== -1; i = lower.indexOf(target, i + 1)) {
          if (!letterOrNumberBefore(haystack, i) && !letterOrNumberAt(haystack, i + target.length))
            return true;
        }
        return false;
      }
      if (!lower.includes(target)) return false;
    }
    return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, 'iu').test(haystack);
  };
}

/** True when `name` occurs in `haystack` as whole words (case-insensitive). */
export function containsName(haystack: string, name: string): boolean {
  return nameFinder(haystack)(name);
}

/** What salience needs of one entity, however its mentions were counted. */
export interface SalienceFacts {
  type: EntityType;
  text: string;
  aliases?: readonly string[];
  count: number;
  /** Distinct paragraphs that mention it. */
  paragraphs: number;
  /** Offset of the first mention. */
  first: number;
  /** Does paragraph 0 mention it? */
  inParagraph0: boolean;
  /** Does paragraph 1 mention it? (the lead paragraph is 0 or 1) */
  inParagraph1: boolean;
}

/**
 * Salience from per-entity facts (see the module comment); {@link salienceOf} derives the facts
 * from mention lists, a document analysed in blocks from counts kept per block.
 */
export function salienceFromFacts(entities: readonly SalienceFacts[], context: SalienceContext): number[] {
  let maxCount = 1;
  for (const e of entities) if (e.count > maxCount) maxCount = e.count;
  const logMax = Math.log(1 + maxCount);
  // Without a title, the start of paragraph 0 stands in (capped: it may be the whole article).
  const title = context.title ?? (context.firstParagraph ?? '').slice(0, TITLE_STAND_IN_LENGTH);
  // When paragraph 0 is the title itself (HTML <h1>, Markdown heading), the lead is paragraph 1.
  const titleIsFirst =
    context.title === undefined || (context.firstParagraph ?? '').trim() === context.title.trim();
  const leadParagraph = titleIsFirst ? 1 : 0;
  const length = Math.max(1, context.textLength);
  const paragraphs = Math.max(1, context.paragraphs);

  const inTitleText = nameFinder(title);
  return entities.map((entity) => {
    const lead = (leadParagraph === 0 ? entity.inParagraph0 : entity.inParagraph1) ? 1 : 0;
    const inTitle = inTitleText(entity.text) || (entity.aliases ?? []).some(inTitleText) ? 1 : 0;
    const w = SALIENCE_WEIGHTS;
    const raw =
      w.mentions * (Math.log(1 + entity.count) / logMax) +
      w.spread * (Math.min(entity.paragraphs, paragraphs) / paragraphs) +
      w.position * (1 - Math.min(entity.first, length) / length) +
      w.title * inTitle +
      w.lead * lead;
    return round4(Math.min(1, Math.max(0, raw * TYPE_WEIGHT[entity.type])));
  });
}

/** Distinct paragraphs among the mentions. */
function paragraphCount(mentions: ReadonlyArray<{ paragraph: number }>): number {
  // Mentions come in document order (paragraph order) from the entity stages: counting the
  // changes needs no Set. Any other order falls back to one.
  let count = 0;
  let last = -1;
  for (const m of mentions) {
    if (m.paragraph < last) return new Set(mentions.map((x) => x.paragraph)).size;
    if (m.paragraph !== last) {
      count++;
      last = m.paragraph;
    }
  }
  return count;
}

/** Salience of every entity, in the order given. */
export function salienceOf(
  entities: ReadonlyArray<DocumentEntity & { aliases?: readonly string[] }>,
  context: SalienceContext,
): number[] {
  const facts = entities.map((entity): SalienceFacts => {
    let first = Number.POSITIVE_INFINITY;
    let inParagraph0 = false;
    let inParagraph1 = false;
    for (const m of entity.mentions) {
      if (m.start < first) first = m.start;
      if (m.paragraph === 0) inParagraph0 = true;
      else if (m.paragraph === 1) inParagraph1 = true;
    }
    return {
      type: entity.type,
      text: entity.text,
      aliases: entity.aliases,
      count: entity.count,
      paragraphs: paragraphCount(entity.mentions),
      first,
      inParagraph0,
      inParagraph1,
    };
  });
  return salienceFromFacts(facts, context);
}
