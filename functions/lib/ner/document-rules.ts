/**
 * Document-level corrections of the tagger's spans, applied after decoding: what a reader of
 * the whole article knows and a left-to-right tagger may miss.
 *
 * - Acronym definitions: "the World Health Organization (WHO)" defines WHO as the organisation,
 *   so every "WHO" of the article is an ORGANIZATION, tagged or not (the model had typed it
 *   MISC, and left "WHO warns ..." in the headline untagged).
 * - One type per person: a name of two or more words written identically, PERSON in most of its
 *   mentions, is PERSON in all ("Jensen Huang" was PERSON twice and ORGANIZATION in a photo
 *   caption). Only towards PERSON (see `unifyNameTypes`).
 *
 * Pure; spans index the tokens of `sentences` (`NameSpan`: sentence, tokens [start, end)).
 */
import type { NameType } from '../types.ts';

/** The part of a span the rules need (the tagger's `NameSpan`). */
export interface TypedSpan {
  sentence: number;
  start: number;
  end: number;
  type: NameType;
}

/** Letters of a written acronym ("WHO", "U.N.", "UKHSA", "DoD"): undefined when it is not one. */
function acronymLetters(text: string): string | undefined {
  const compact = text.replace(/\./g, '');
  if (compact.length < 2 || compact.length > 8 || !/^\p{Lu}[\p{Lu}\p{Ll}&]*$/u.test(compact))
    return undefined;
  const capitals = compact.replace(/[^\p{Lu}]/gu, '');
  return capitals.length >= 2 ? capitals : undefined;
}

/**
 * Does `acronym` (its capital letters) abbreviate the words? Its letters must be, in order,
 * initials of the words (a word may be skipped: "Centers for Disease Control and Prevention"
 * is CDC), the first letter that of the first word; a word that is itself an acronym gives all
 * its capitals ("U.K. Health Security Agency" is UKHSA).
 */
export function abbreviates(acronym: string, words: readonly string[]): boolean {
  const units: string[] = [];
  for (const word of words) {
    const letters = acronymLetters(word);
    if (letters && word.replace(/\./g, '').length === letters.length) units.push(letters);
    else if (/^\p{L}/u.test(word)) units.push(word[0].toUpperCase());
  }
  if (units.length < 2 || !units[0] || acronym[0] !== units[0][0]) return false;
  let at = 0;
  for (const unit of units) {
    if (acronym.startsWith(unit, at)) at += unit.length;
    else if (unit.length > 1 && acronym[at] === unit[0]) at += 1;
    if (at === acronym.length) return true;
  }
  return false;
}

/** Retypes and adds spans of acronyms the document defines ("Long Name (LN)"); see the module comment. */
export function applyAcronymDefinitions(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  const defined = new Map<string, NameType>();
  for (const span of spans) {
    const tokens = sentences[span.sentence];
    if (span.end + 2 >= tokens.length) continue;
    if (tokens[span.end].text !== '(' || tokens[span.end + 2].text !== ')') continue;
    const written = tokens[span.end + 1].text;
    const letters = acronymLetters(written);
    if (!letters) continue;
    const words = tokens.slice(span.start, span.end).map((t) => t.text);
    if (words.length < 2 || !abbreviates(letters, words)) continue;
    const key = written.replace(/\./g, '');
    // Two definitions of one acronym with different types: trust neither.
    const known = defined.get(key);
    defined.set(key, known && known !== span.type ? ('' as NameType) : span.type);
  }
  for (const [key, type] of defined) if (!type) defined.delete(key);
  if (defined.size === 0) return [...spans];

  const out: TypedSpan[] = [];
  const covered = new Set<string>();
  for (const span of spans) {
    const tokens = sentences[span.sentence];
    let type = span.type;
    // Only a MISC acronym is retyped: the model calls an unknown all-capitals word MISC, while
    // an acronym it typed otherwise is usually right even when the long form is not ("National
    // League for Democracy" tagged MISC, its "NLD" ORGANIZATION six times).
    if (span.end - span.start === 1 && (type === 'MISC' || type === 'GROUP')) {
      const definedType = defined.get(tokens[span.start].text.replace(/\./g, ''));
      if (definedType && definedType !== 'MISC' && definedType !== 'GROUP') type = definedType;
    }
    out.push(type === span.type ? span : { ...span, type });
    for (let t = span.start; t < span.end; t++) covered.add(`${span.sentence}:${t}`);
  }
  sentences.forEach((tokens, sentence) => {
    // In an all-capitals headline every word looks like an acronym ("IN", "US").
    if (mostlyCapitals(tokens)) return;
    tokens.forEach((token, t) => {
      const type = defined.get(token.text.replace(/\./g, ''));
      if (type && acronymLetters(token.text) && !covered.has(`${sentence}:${t}`))
        out.push({ sentence, start: t, end: t + 1, type });
    });
  });
  return out.sort((a, b) => a.sentence - b.sentence || a.start - b.start);
}

/** True when most words of a sentence are written in capitals only. */
function mostlyCapitals(tokens: readonly { text: string }[]): boolean {
  let words = 0;
  let capitals = 0;
  for (const { text } of tokens) {
    if (!/\p{L}/u.test(text)) continue;
    words++;
    if (!/\p{Ll}/u.test(text)) capitals++;
  }
  return words > 0 && capitals * 2 > words;
}

/** Gives each name of two or more words the majority type of its identical mentions; see the module comment. */
export function unifyNameTypes(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  const votes = new Map<string, Map<NameType, number>>();
  const keyOf = (span: TypedSpan) =>
    sentences[span.sentence]
      .slice(span.start, span.end)
      .map((t) => t.text)
      .join(' ');
  // A surname tagged PERSON on its own ("Huang said") votes PERSON for the full names it ends.
  const surnameVotes = new Map<string, number>();
  for (const span of spans) {
    if (span.end - span.start === 1 && span.type === 'PERSON') {
      const word = sentences[span.sentence][span.start].text;
      surnameVotes.set(word, (surnameVotes.get(word) ?? 0) + 1);
    }
  }
  for (const span of spans) {
    if (span.end - span.start < 2) continue;
    const key = keyOf(span);
    let tally = votes.get(key);
    if (!tally) {
      tally = new Map();
      votes.set(key, tally);
      const surname = surnameVotes.get(sentences[span.sentence][span.end - 1].text);
      if (surname) tally.set('PERSON', surname);
    }
    tally.set(span.type, (tally.get(span.type) ?? 0) + 1);
  }
  const winner = new Map<string, NameType>();
  for (const [key, tally] of votes) {
    if (tally.size < 2) continue;
    const ranked = [...tally].sort((a, b) => b[1] - a[1]);
    // Only towards PERSON: a place name is also a team or a company in the same article ("New
    // York" the city in a dateline, the team in a results table), a person's full name is not.
    if (ranked[0][0] === 'PERSON' && ranked[0][1] > ranked[1][1]) winner.set(key, ranked[0][0]);
  }
  if (winner.size === 0) return [...spans];
  return spans.map((span) => {
    if (span.end - span.start < 2) return span;
    const type = winner.get(keyOf(span));
    return type && type !== span.type ? { ...span, type } : span;
  });
}
