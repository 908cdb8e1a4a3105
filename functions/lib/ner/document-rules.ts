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
 * - Names cut at a middle initial or a nickname are joined (`joinInitialNames`); "<place>
 *   <title> <name>" read as one organisation is split (`splitTitledNames`); a one-word name in
 *   a headline takes the body's type (`headlineTypesFromBody`).
 * - A name joined across "and" is split when the article names both sides alone
 *   (`splitNamesJoinedByAnd`).
 * - Reports only (not in `tagNames`): a product name keeps its model number
 *   (`joinModelNumbers`).
 *
 * Pure; spans index the tokens of `sentences` (`NameSpan`: sentence, tokens [start, end)).
 */
import { SENTENCE_END } from '../token-marks.ts';
import type { NameType } from '../types.ts';
import { isHeadline, type TaggableToken } from './features.ts';
import { JOB_TITLE_HEADS, JOB_TITLE_WORDS, titleKey } from './titles.ts';

/** The part of a span the rules need (the tagger's `NameSpan`). */
export interface TypedSpan {
  sentence: number;
  start: number;
  end: number;
  type: NameType;
}

/** The words of tokens [start, end) of a sentence, joined by single spaces (a name's key). */
function textOf(
  sentences: readonly (readonly { text: string }[])[],
  sentence: number,
  start: number,
  end: number,
): string {
  return sentences[sentence]
    .slice(start, end)
    .map((t) => t.text)
    .join(' ');
}

/**
 * The spans with `added` one-token spans, each kept only where no span covers it, in order.
 * (`added` is found by token, so two of its own never overlap.)
 */
function withUncovered(spans: readonly TypedSpan[], added: readonly TypedSpan[]): TypedSpan[] {
  const kept = added.filter(
    (a) => !spans.some((span) => span.sentence === a.sentence && span.start <= a.start && span.end > a.start),
  );
  if (kept.length === 0) return [...spans];
  return [...spans, ...kept].sort((a, b) => a.sentence - b.sentence || a.start - b.start);
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

/** Words that may stand inside a long name between its capitalised words ("Centers for Disease Control and Prevention"). */
const NAME_CONNECTORS = new Set(['and', 'of', 'for', 'the', '&', 'on', 'in']);
/** Most tokens a long name is walked back over from the acronym after it. */
const MAX_LONG_NAME_TOKENS = 10;

/**
 * Joins the long name before an acronym the model cut into pieces ("the U.S. Cybersecurity and
 * Infrastructure Security Agency (CISA)" gave MISC "Cybersecurity" and ORGANIZATION
 * "Infrastructure Security Agency"): when the span before "(ACRONYM)" does not abbreviate it on
 * its own, the capitalised words and connectors before it are added, nearest first, until the
 * acronym's letters are the long name's initials. The joined name takes the last span's type.
 */
export function joinAcronymDefinitions(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  const joins: TypedSpan[] = [];
  for (const span of spans) {
    const tokens = sentences[span.sentence];
    if (span.end + 2 >= tokens.length || tokens[span.end].text !== '(' || tokens[span.end + 2].text !== ')')
      continue;
    const letters = acronymLetters(tokens[span.end + 1].text);
    if (!letters) continue;
    const words = (from: number) => tokens.slice(from, span.end).map((t) => t.text);
    if (abbreviates(letters, words(span.start))) continue;
    const stop = Math.max(0, span.end - MAX_LONG_NAME_TOKENS);
    for (let k = span.start - 1; k >= stop; k--) {
      const text = tokens[k].text;
      if (NAME_CONNECTORS.has(text)) continue;
      if (!/^\p{Lu}/u.test(text)) break;
      if (abbreviates(letters, words(k))) {
        joins.push({ ...span, start: k });
        break;
      }
    }
  }
  if (joins.length === 0) return [...spans];
  const inside = (span: TypedSpan) =>
    joins.some((j) => j.sentence === span.sentence && span.start >= j.start && span.end <= j.end);
  return [...spans.filter((span) => !inside(span)), ...joins].sort(
    (a, b) => a.sentence - b.sentence || a.start - b.start,
  );
}

/** Retypes and adds spans of acronyms the document defines ("Long Name (LN)"); see the module comment. */
export function applyAcronymDefinitions(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  // Acronym -> type; null when two definitions disagree (then neither is trusted).
  const defined = new Map<string, NameType | null>();
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
    const known = defined.get(key);
    defined.set(key, known === undefined || known === span.type ? span.type : null);
  }
  if (![...defined.values()].some((type) => type !== null)) return [...spans];

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

/**
 * Drops the mentions of acronyms the article defines with lower-case words, which name things,
 * not organisations ("small and medium-sized enterprises (SMEs)" gave ORGANIZATION "SMEs";
 * "artificial intelligence (AI)", "greenhouse gas (GHG)").
 */
export function dropCommonNounAcronyms(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  let common: Set<string> | undefined;
  for (const tokens of sentences) {
    for (let k = 2; k + 2 < tokens.length; k++) {
      if (tokens[k].text !== '(' || tokens[k + 2].text !== ')') continue;
      const letters = acronymLetters(tokens[k + 1].text);
      if (!letters) continue;
      // The lower-case words just before the bracket, punctuation inside them skipped.
      const words: string[] = [];
      for (let t = k - 1; t >= 0 && words.length < MAX_DEFINITION_WORDS; t--) {
        const text = tokens[t].text;
        if (/^\p{Ll}/u.test(text)) words.unshift(text);
        else if (text !== '-') break;
        if (
          words.length >= 2 &&
          words[0][0].toUpperCase() === letters[0] &&
          words[words.length - 1][0].toUpperCase() === letters[letters.length - 1] &&
          abbreviates(letters, words)
        ) {
          common ??= new Set();
          common.add(tokens[k + 1].text.replace(/\./g, ''));
          break;
        }
      }
    }
  }
  if (!common) return [...spans];
  const defined = common;
  return spans.filter(
    (span) =>
      span.end - span.start !== 1 ||
      !defined.has(sentences[span.sentence][span.start].text.replace(/\./g, '')),
  );
}

/** Most lower-case words read back for an acronym's definition. */
const MAX_DEFINITION_WORDS = 8;

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
  const keyOf = (span: TypedSpan) => textOf(sentences, span.sentence, span.start, span.end);
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

/** A model number written after a product name ("9", "S24", "A18", "737"). */
const MODEL_NUMBER = /^(?:\p{Lu}{0,3}\d{1,4}(?:\.\d{1,2})?\p{L}{0,2})$/u;
/** Words that end product names after their model number ("Pixel 9 Pro", "iPhone 15 Pro Max"). */
const MODEL_SUFFIXES = new Set([
  'Pro',
  'Max',
  'Ultra',
  'Plus',
  'Mini',
  'Air',
  'Lite',
  'Edge',
  'Fold',
  'Flip',
  'XL',
  'SE',
  'FE',
  'Neo',
  'Turbo',
  'Flash',
  'Nano',
  'Haiku',
  'Sonnet',
  'Opus',
]);

/** Names of stock indices that are written with a number (the span's words, spaces removed). */
const STOCK_INDEX =
  /^(?:S&P|S&P\/ASX|FTSE|FTSEAll-Share|Stoxx|StoxxEurope|EuroStoxx|Nikkei|Russell|Nasdaq|DAX|CAC|ASX|IBEX|FTSEMIB|AEX|SMI|KOSPI|Nifty|Sensex|TOPIX|MSCIWorld|Wilshire)$/;

/**
 * Joins a product name and the model number and suffix words after it into one MISC span
 * ("Pixel 9 Pro" came out as ORGANIZATION "Pixel", CARDINAL 9, ORGANIZATION "Pro";
 * "Snapdragon 8 Gen 3", "Galaxy S24 Ultra"). Without a suffix word only a MISC name takes the
 * number ("Windows 11", "Euro 2024"): an organisation followed by a number is more often a
 * result ("Leeds 2 Chelsea 1"). Applied to reports only, not in `tagNames`: CoNLL-2003, which
 * the tagger is measured on, leaves numbers out of names.
 *
 * @param sentences tokens of each sentence, with their character offsets (a number must follow
 *   its name after exactly one space)
 */
export function joinModelNumbers(
  sentences: readonly (readonly { text: string; start: number; end: number }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  const out: TypedSpan[] = [];
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k];
    const tokens = sentences[span.sentence];
    const follows = (t: number) => t < tokens.length && tokens[t].start === tokens[t - 1].end + 1;
    let end = span.end;
    // "iPhone 15" tagged with its number still takes "Pro Max".
    let numbered =
      span.end - span.start > 1 &&
      /\d/.test(tokens[span.end - 1].text) &&
      MODEL_NUMBER.test(tokens[span.end - 1].text);
    let suffixed = false;
    // A stock index is named with its number ("S&P 500", "FTSE 100", "Stoxx Europe 600").
    if (
      follows(end) &&
      /^\d{2,4}$/.test(tokens[end].text) &&
      STOCK_INDEX.test(
        tokens
          .slice(span.start, span.end)
          .map((t) => t.text)
          .join(''),
      )
    ) {
      out.push({ sentence: span.sentence, start: span.start, end: end + 1, type: 'MISC' });
      continue;
    }
    while (follows(end)) {
      const word = tokens[end].text;
      if (!numbered && MODEL_NUMBER.test(word) && /\d/.test(word)) numbered = true;
      else if (numbered && MODEL_SUFFIXES.has(word)) suffixed = true;
      else if (numbered && word === 'Gen' && follows(end + 1) && /^\d{1,2}$/.test(tokens[end + 1].text)) {
        suffixed = true;
        end++;
      } else break;
      end++;
    }
    if (end === span.end || !numbered || !(suffixed || span.type === 'MISC')) {
      out.push(span);
      continue;
    }
    // Trailing model number without a suffix word is kept only for MISC names (see above).
    if (!suffixed) end = span.end + 1;
    // The maker before a possessive stays a name of its own ("Google's Pixel 9 Pro").
    let start = span.start;
    for (let t = span.end - 1; t > span.start; t--) {
      if (/^['\u2019]s$/.test(tokens[t].text)) {
        out.push({ sentence: span.sentence, start: span.start, end: t, type: span.type });
        start = t + 1;
        break;
      }
    }
    out.push({ sentence: span.sentence, start, end, type: 'MISC' });
    // Spans the product name now covers ("Pro", "Gen") go.
    while (k + 1 < spans.length && spans[k + 1].sentence === span.sentence && spans[k + 1].start < end) k++;
  }
  return out;
}

/** A middle or first initial ("K.", "J."). */
const INITIAL_TOKEN = /^\p{Lu}\.$/u;

/** Quote marks (and brackets) around a nickname: [opening, closing] pairs. */
const NICKNAME_MARKS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ['\u201c', '\u201d'],
  ["'", "'"],
  ['\u2018', '\u2019'],
  ['(', ')'],
];

/** Tokens [from, to) are a quoted nickname: a mark, one capitalised word, the closing mark. */
function nicknameBetween(tokens: readonly { text: string }[], from: number, to: number): boolean {
  if (to - from !== 3 || !/^\p{Lu}\p{Ll}+$/u.test(tokens[from + 1].text)) return false;
  return NICKNAME_MARKS.some(
    ([open, close]) => tokens[from].text === open && tokens[from + 2].text === close,
  );
}

/** Tokens [from, to) are initials, and there is at least one initial from `from` on before `end`. */
function initialsBetween(
  tokens: readonly { text: string }[],
  from: number,
  to: number,
  end: number,
): boolean {
  if (from > to || to - from > 2) return false;
  for (let t = from; t < to; t++) if (!INITIAL_TOKEN.test(tokens[t].text)) return false;
  return to > from || (to < end && INITIAL_TOKEN.test(tokens[to].text));
}

/**
 * Joins a person's name cut at a middle initial: "Abdul" + "Kallon" around an untagged "K.",
 * or "Abdul" + "K. Kallon", -> "Abdul K. Kallon" (two PERSON spans with only one or two
 * initials between them, or the second starting with one); and around a nickname in quotes or
 * brackets: Margaret "Peggy" O'Connell, James (Jim) Lee, whether the nickname was tagged or not.
 */
export function joinInitialNames(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  const out: TypedSpan[] = [];
  for (const span of spans) {
    const previous = out[out.length - 1];
    if (
      previous &&
      previous.sentence === span.sentence &&
      previous.type === 'PERSON' &&
      span.type === 'PERSON' &&
      // Initials between the parts, or an untagged nickname (Margaret "Peggy" O'Connell).
      (initialsBetween(sentences[span.sentence], previous.end, span.start, span.end) ||
        nicknameBetween(sentences[span.sentence], previous.end, span.start))
    ) {
      out[out.length - 1] = { ...previous, end: span.end };
    } else if (
      previous &&
      span.type === 'PERSON' &&
      span.end - span.start === 1 &&
      out.length >= 2 &&
      out[out.length - 2].sentence === span.sentence &&
      out[out.length - 2].type === 'PERSON' &&
      previous.sentence === span.sentence &&
      previous.type === 'PERSON' &&
      previous.end - previous.start === 1 &&
      nicknameBetween(sentences[span.sentence], out[out.length - 2].end, span.start) &&
      previous.start === out[out.length - 2].end + 1
    ) {
      // The nickname was tagged as a name of its own: three spans become one.
      out.pop();
      out[out.length - 1] = { ...out[out.length - 1], end: span.end };
    } else out.push(span);
  }
  // A given name and nickname with the surname left untagged ("Margaret" "Peggy" | O'Connell).
  for (let k = 0; k < out.length; k++) {
    const span = out[k];
    const tokens = sentences[span.sentence];
    const after = span.end + 3;
    if (span.type !== 'PERSON' || after >= tokens.length || !nicknameBetween(tokens, span.end, after))
      continue;
    const next = out[k + 1];
    const nicknameTagged =
      next && next.sentence === span.sentence && next.start === span.end + 1 && next.end === span.end + 2;
    const following = out[k + (nicknameTagged ? 2 : 1)];
    const surnameFree = !following || following.sentence !== span.sentence || following.start > after;
    if (surnameFree && /^\p{Lu}[\p{L}'\u2019]*\p{L}$/u.test(tokens[after].text)) {
      out[k] = { ...span, end: after + 1 };
      if (nicknameTagged) out.splice(k + 1, 1);
    }
  }
  return out;
}

/** Title words of offices held for a place (a state's attorney general, a city's mayor). */
const PLACE_OFFICE_WORDS = new Set(
  'attorney governor gov mayor senator sen representative rep congressman congresswoman lieutenant'.split(
    ' ',
  ),
);

/**
 * Splits "<place or organisation> <title> <name>" spans that are not PERSON into the place or
 * organisation and a PERSON after the title ("Alabama Attorney General Steve Marshall" came
 * out as one ORGANIZATION): the title is the run of title words before the name, and the name
 * is one to three capitalised words at the end of the span.
 */
export function splitTitledNames(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  const out: TypedSpan[] = [];
  const word = (span: TypedSpan, t: number) => titleKey(sentences[span.sentence][t].text);
  for (const span of spans) {
    if (span.type === 'PERSON' || span.end - span.start < 3) {
      out.push(span);
      continue;
    }
    // The last title head with one to three capitalised words after it, all the span's end.
    let head = -1;
    for (let t = span.end - 2; t > span.start && t >= span.end - 4; t--) {
      if (JOB_TITLE_HEADS.has(word(span, t))) {
        head = t;
        break;
      }
    }
    const nameOk =
      head > 0 &&
      sentences[span.sentence]
        .slice(head + 1, span.end)
        .every((token) => /^\p{Lu}/u.test(token.text) && !JOB_TITLE_WORDS.has(token.text.toLowerCase()));
    if (!nameOk) {
      out.push(span);
      continue;
    }
    let titleStart = head;
    while (
      titleStart > span.start &&
      (JOB_TITLE_WORDS.has(word(span, titleStart - 1)) || word(span, titleStart - 1) === 'of')
    )
      titleStart--;
    if (titleStart > span.start) {
      // An office held for a place makes what comes before the title a place ("Texas Attorney
      // General Ken Paxton" gave the ORGANIZATION "Texas"); "Apple Chief Executive" stays.
      let placeOffice = false;
      for (let t = titleStart; t <= head; t++) placeOffice ||= PLACE_OFFICE_WORDS.has(word(span, t));
      const type = placeOffice && span.type === 'ORGANIZATION' ? 'LOCATION' : span.type;
      out.push({ ...span, end: titleStart, type });
    }
    out.push({ sentence: span.sentence, start: head + 1, end: span.end, type: 'PERSON' });
  }
  return out;
}

/**
 * Fewest words of an ALL-CAPS line read as a headline; such a line has no digits (CoNLL's
 * results and standings lines, "KANSAS CITY AT DETROIT", "NEW YORK 74 59 .556", name teams).
 */
const MIN_CAPITALS_HEADLINE_WORDS = 5;

/**
 * A one-word name in a title-case headline takes the type the article's body gives that word
 * when every body mention agrees: in a headline capitals say little ("Judge blocks Alabama law" made
 * "Alabama" an ORGANIZATION; the body has it as a LOCATION).
 */
export function headlineTypesFromBody(
  sentences: readonly (readonly TaggableToken[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  // A headline does not end like a sentence (tested first: it is cheap, and most sentences
  // fail it). It is title case, or the first sentence in any case ("Judge blocks Alabama law
  // restricting absentee ballot help"). An ALL-CAPS line is one only when it has five words
  // or more and no digits but its item number ("3. TEMU AND SHEIN FACE NEW EU RULES"; its words are matched to the
  // body's whatever their case): in CoNLL's results tables ("KANSAS CITY AT DETROIT") a city
  // is the team, while the body's "Detroit" is the place.
  const capitals = sentences.map(
    (tokens) =>
      tokens.length >= MIN_CAPITALS_HEADLINE_WORDS &&
      !SENTENCE_END.test(tokens[tokens.length - 1].text) &&
      tokens.filter((t) => /^\p{L}+$/u.test(t.text)).length >= MIN_CAPITALS_HEADLINE_WORDS &&
      !tokens.some((t, k) => /\d/.test(t.text) && !(k === 0 && /^[.)]$/.test(tokens[1]?.text ?? ''))) &&
      mostlyCapitals(tokens),
  );
  const headline = sentences.map(
    (tokens, s) =>
      tokens.length > 0 &&
      !SENTENCE_END.test(tokens[tokens.length - 1].text) &&
      (capitals[s] ||
        ((s === 0 ? sentences.length > 1 : isHeadline(tokens, 0, tokens.length)) && !mostlyCapitals(tokens))),
  );
  if (!headline.includes(true)) return [...spans];
  const bodyTypes = new Map<string, NameType | null>();
  const note = (word: string, type: NameType) => {
    const known = bodyTypes.get(word);
    bodyTypes.set(word, known === undefined || known === type ? type : null);
  };
  for (const span of spans) {
    if (headline[span.sentence] || span.end - span.start !== 1) continue;
    const word = sentences[span.sentence][span.start].text;
    note(word, span.type);
    note(`\u0000${word.toUpperCase()}`, span.type);
  }
  return spans.map((span) => {
    if (!headline[span.sentence] || span.end - span.start !== 1) return span;
    const word = sentences[span.sentence][span.start].text;
    const type = bodyTypes.get(capitals[span.sentence] ? `\u0000${word.toUpperCase()}` : word);
    return type && type !== span.type ? { ...span, type } : span;
  });
}

/**
 * Names written in lower case first, which the model (trained on capitalised names) leaves
 * untagged ("than the iPhone 17 Pro" gave only CARDINAL 17): products are MISC, eBay an
 * organisation.
 */
const LOWER_CASE_NAMES: ReadonlyMap<string, NameType> = new Map<string, NameType>([
  ['iPhone', 'MISC'],
  ['iPad', 'MISC'],
  ['iMac', 'MISC'],
  ['iPod', 'MISC'],
  ['iOS', 'MISC'],
  ['iPadOS', 'MISC'],
  ['macOS', 'MISC'],
  ['iCloud', 'MISC'],
  ['iTunes', 'MISC'],
  ['eBay', 'ORGANIZATION'],
]);

/** Tags the names of {@link LOWER_CASE_NAMES} that no span covers. */
export function tagLowerCaseNames(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  const added: TypedSpan[] = [];
  sentences.forEach((tokens, s) => {
    for (let t = 0; t < tokens.length; t++) {
      const type = LOWER_CASE_NAMES.get(tokens[t].text);
      if (type) added.push({ sentence: s, start: t, end: t + 1, type });
    }
  });
  return withUncovered(spans, added);
}

/** Last words of an institution's name that "of" continues ("Chamber of Commerce", "Bank of England"). */
const INSTITUTIONS_OF = new Set(
  (
    'Chamber Bank Institute University Museum Society Council Board Department Ministry Federation ' +
    'Union League Association Academy College School Court Church Bureau Office Commission Committee'
  ).split(' '),
);

/**
 * Last words of an institution's name that "for" continues ("Japan Society for the Promotion of
 * Science"). Not venues and leagues, which "for" joins to a team ("the Wolstein Center for the
 * Cleveland State University Vikings", "the Super League for FC Basel").
 */
const INSTITUTIONS_FOR = new Set(
  (
    'Society Council Institute Agency Foundation Fund Organisation Organization Alliance ' +
    'Coalition Campaign Trust Office Commission Committee Association Federation Network ' +
    'Partnership Academy Department Ministry Bureau Board'
  ).split(' '),
);

/**
 * Do the tokens [end, start) between two names continue an institution's name that ends at
 * `end`: "of" after "Chamber", "for" or "for the" after "Society"?
 */
function joinsInstitution(tokens: readonly { text: string }[], end: number, start: number): boolean {
  const head = tokens[end - 1].text;
  if (start === end + 1) {
    const word = tokens[end].text;
    return (word === 'of' && INSTITUTIONS_OF.has(head)) || (word === 'for' && INSTITUTIONS_FOR.has(head));
  }
  return (
    start === end + 2 &&
    tokens[end].text === 'for' &&
    tokens[end + 1].text === 'the' &&
    INSTITUTIONS_FOR.has(head)
  );
}

/**
 * Joins an institution's name cut at "of" or "for (the)" ("The North East Chamber of Commerce"
 * gave LOCATION "North East Chamber" and LOCATION "Commerce", "the Japan Society for the Promotion
 * of Science" two ORGANIZATIONs) into one ORGANIZATION.
 */
export function joinInstitutionsAcrossOf(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  return joinNeighbours(spans, (previous, span) =>
    span.type !== 'PERSON' && joinsInstitution(sentences[span.sentence], previous.end, span.start)
      ? 'ORGANIZATION'
      : undefined,
  );
}

/**
 * Walks the spans in order and joins each to the (possibly already joined) span before it in
 * the same sentence when `join` gives the joined span's type; the tokens between are taken in.
 */
function joinNeighbours(
  spans: readonly TypedSpan[],
  join: (previous: TypedSpan, span: TypedSpan) => NameType | undefined,
): TypedSpan[] {
  const out: TypedSpan[] = [];
  for (const span of spans) {
    const previous = out[out.length - 1];
    const type = previous && previous.sentence === span.sentence ? join(previous, span) : undefined;
    if (type) out[out.length - 1] = { ...previous, end: span.end, type };
    else out.push(span);
  }
  return out;
}

/** Particles inside Romance place and business names ("Praça da Figueira", "Tasca do Chico"). */
const NAME_PARTICLES = new Set(['da', 'do', 'dos', 'das', 'de', 'del', 'della', 'delle', 'di', 'du', 'des']);

/**
 * Joins two names of the same type (not people's: the model keeps "Ursula von der Leyen" whole
 * itself) cut at a particle ("Praça da Figueira" gave LOCATION "Praça" and LOCATION "Figueira").
 */
export function joinNamesAcrossParticles(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  return joinNeighbours(spans, (previous, span) =>
    previous.end + 1 === span.start &&
    previous.type === span.type &&
    span.type !== 'PERSON' &&
    NAME_PARTICLES.has(sentences[span.sentence][previous.end].text)
      ? span.type
      : undefined,
  );
}

/** News agencies credited in a dateline ("NEW YORK (AP) —", "LONDON (Reuters) -"). */
export const WIRE_AGENCIES: ReadonlySet<string> = new Set([
  'AP',
  'AFP',
  'Reuters',
  'UPI',
  'dpa',
  'DPA',
  'PA',
  'ANI',
  'PTI',
  'IANS',
  'Xinhua',
  'EFE',
  'ANSA',
  'Kyodo',
  'Yonhap',
  'Bernama',
  'AAP',
  'CP',
  'Bloomberg',
]);

/**
 * A news agency in the brackets of a dateline is the organisation ("NEW YORK (AP) — Caroline
 * Ellison ..." left "AP" untagged), whether the model tagged it or not.
 */
export function tagWireAgencies(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  const added: TypedSpan[] = [];
  sentences.forEach((tokens, s) => {
    for (let t = 1; t + 2 < tokens.length; t++) {
      if (tokens[t - 1].text !== '(' || tokens[t + 1].text !== ')' || !WIRE_AGENCIES.has(tokens[t].text))
        continue;
      // The dash of the dateline follows ("(PA) system" is a public address system).
      if (!/^(?:—|–|-|--|:)$/.test(tokens[t + 2].text)) continue;
      added.push({ sentence: s, start: t, end: t + 1, type: 'ORGANIZATION' });
    }
  });
  return withUncovered(spans, added);
}

/**
 * Splits a name joined across "and" or "&" when the article names both sides on their own
 * elsewhere ("... with Graviton and Rust" was one ORGANIZATION; the body has "Graviton" and
 * "Rust" apart). "Procter & Gamble" stays whole: its halves are not names of the article. Each
 * side takes the type the article gives it alone (the span's own when it has none).
 */
export function splitNamesJoinedByAnd(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  // The first "and" inside each span, -1 when it has none.
  const ands = spans.map((span) => {
    for (let t = span.start + 1; t < span.end - 1; t++)
      if (/^(?:and|&)$/.test(sentences[span.sentence][t].text)) return t;
    return -1;
  });
  if (!ands.some((and) => and >= 0)) return [...spans];
  const alone = new Map<string, NameType>();
  spans.forEach((span, i) => {
    if (ands[i] < 0) alone.set(textOf(sentences, span.sentence, span.start, span.end), span.type);
  });
  const out: TypedSpan[] = [];
  spans.forEach((span, i) => {
    const and = ands[i];
    const left = and > 0 ? alone.get(textOf(sentences, span.sentence, span.start, and)) : undefined;
    const right = and > 0 ? alone.get(textOf(sentences, span.sentence, and + 1, span.end)) : undefined;
    if (left && right) {
      out.push({ ...span, end: and, type: left });
      out.push({ ...span, start: and + 1, type: right });
    } else out.push(span);
  });
  return out;
}

/**
 * A name in a title-case headline that runs on past a name of the body ends where the body's
 * does: "Greenfield Bank Launches £500 Million Fund" gave ORGANIZATION "Greenfield Bank
 * Launches"; the body names "Greenfield Bank". The trimmed span takes the body's type. A headline
 * name the body also writes in full is left as it is.
 */
export function trimHeadlineNamesToBody(
  sentences: readonly (readonly TaggableToken[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  // Title case only: CoNLL's ALL-CAPS headlines lost 0.08 F1 on eng.testa to this rule.
  const headline = sentences.map(
    (tokens) =>
      tokens.length > 0 &&
      !SENTENCE_END.test(tokens[tokens.length - 1].text) &&
      isHeadline(tokens, 0, tokens.length) &&
      !mostlyCapitals(tokens),
  );
  if (!headline.some((h, s) => h && spans.some((span) => span.sentence === s && span.end - span.start > 1)))
    return [...spans];
  const body = new Map<string, NameType>();
  for (const span of spans)
    if (!headline[span.sentence]) body.set(textOf(sentences, span.sentence, span.start, span.end), span.type);
  return spans.map((span) => {
    // People's names are left whole ("Jane Quigley" is not cut to the "Jane" of the body).
    if (
      !headline[span.sentence] ||
      span.type === 'PERSON' ||
      span.end - span.start < 3 ||
      body.has(textOf(sentences, span.sentence, span.start, span.end))
    )
      return span;
    for (let end = span.end - 1; end > span.start + 1; end--) {
      const type = body.get(textOf(sentences, span.sentence, span.start, end));
      if (type) return { ...span, end, type };
    }
    return span;
  });
}

/** A company's legal form written after its name ("plc", "Inc.", "GmbH"). */
const LEGAL_FORM = /^(?:plc|PLC|Inc\.?|Ltd\.?|LLC|Corp\.?|AG|SA|NV|N\.V\.|GmbH|LLP|Limited|Incorporated)$/;

/**
 * First words of place names ("Lake Baikal" gave PERSON, "Mount Kenya"). The tagger types such
 * names LOCATION (not "Mount Sinai Hospital": an organisation's last word wins), and the name
 * alone after them here ("Baikal is fed by 300 rivers").
 */
export const PLACE_PREFIXES: ReadonlySet<string> = new Set([
  'Lake',
  'Mount',
  'Mt',
  'Mt.',
  'Cape',
  'Isle',
  'Loch',
]);

/**
 * One-word mentions take the type of the full name they shorten: the last word of a PERSON
 * name of two or more words is that person ("Ken Paxton ... Paxton said" gave the
 * ORGANIZATION "Paxton"), and a word tagged PERSON that starts an ORGANIZATION name of two or
 * more words is that organisation ("Nordwind Energy ... Nordwind said"), unless it also ends a
 * person's name. Places are left alone ("Texas" of "Texas Civil Rights Project" is the state),
 * except a company's name written without its legal form ("Greenfield Bank" was a LOCATION
 * where the article names "Greenfield Bank plc"), and the name of a lake, mountain or cape
 * alone ("Baikal" of "Lake Baikal") is the place.
 */
export function typeShortNamesLikeFullNames(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  const surnames = new Set<string>();
  const organisationHeads = new Set<string>();
  // "Baikal" of "Lake Baikal".
  const placeNames = new Set<string>();
  // Company names without their legal form ("Greenfield Bank" of "Greenfield Bank plc").
  const companies = new Set<string>();
  const nameOf = (span: TypedSpan, end = span.end) => textOf(sentences, span.sentence, span.start, end);
  for (const span of spans) {
    if (span.end - span.start < 2) continue;
    const tokens = sentences[span.sentence];
    if (span.type === 'PERSON') surnames.add(tokens[span.end - 1].text);
    else if (
      span.type === 'LOCATION' &&
      span.end - span.start === 2 &&
      PLACE_PREFIXES.has(tokens[span.start].text)
    )
      placeNames.add(tokens[span.start + 1].text);
    else if (span.type === 'ORGANIZATION') {
      organisationHeads.add(tokens[span.start].text);
      if (LEGAL_FORM.test(tokens[span.end - 1].text)) companies.add(nameOf(span, span.end - 1));
    }
  }
  if (surnames.size === 0 && organisationHeads.size === 0 && placeNames.size === 0) return [...spans];
  return spans.map((span) => {
    // "Greenfield Bank" (LOCATION) where the article names "Greenfield Bank plc".
    if (span.type !== 'ORGANIZATION' && companies.size > 0 && companies.has(nameOf(span)))
      return { ...span, type: 'ORGANIZATION' };
    if (span.end - span.start !== 1) return span;
    const word = sentences[span.sentence][span.start].text;
    if (span.type !== 'LOCATION' && placeNames.has(word) && !surnames.has(word))
      return { ...span, type: 'LOCATION' };
    if ((span.type === 'ORGANIZATION' || span.type === 'MISC') && surnames.has(word))
      return { ...span, type: 'PERSON' };
    if (span.type === 'PERSON' && organisationHeads.has(word) && !surnames.has(word))
      return { ...span, type: 'ORGANIZATION' };
    return span;
  });
}

/**
 * A name cut short where the article writes it in full elsewhere is completed: the words after
 * the span are the rest of a longer name tagged in the article ("Harbor Point Medical Center
 * Opens ..." in a title-case headline and "About Harbor Point Medical Center" gave LOCATION
 * "Harbor Point"; the body tags "Harbor Point Medical Center" an ORGANIZATION). The completed
 * span takes the longer name's type, and spans it now covers go.
 */
export function completeNamesFromArticle(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  // Longer names by their first word (names of two or more words), each written once.
  const byFirst = new Map<string, { words: string[]; type: NameType }[]>();
  const seen = new Set<string>();
  for (const span of spans) {
    if (span.end - span.start < 2) continue;
    const words = sentences[span.sentence].slice(span.start, span.end).map((t) => t.text);
    const key = words.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byFirst.get(words[0]);
    if (list) list.push({ words, type: span.type });
    else byFirst.set(words[0], [{ words, type: span.type }]);
  }
  if (byFirst.size === 0) return [...spans];
  const out: TypedSpan[] = [];
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k];
    const tokens = sentences[span.sentence];
    let best: { words: string[]; type: NameType } | undefined;
    for (const name of byFirst.get(tokens[span.start].text) ?? []) {
      if (name.words.length <= span.end - span.start || span.start + name.words.length > tokens.length)
        continue;
      if (!name.words.every((word, w) => tokens[span.start + w].text === word)) continue;
      if (!best || name.words.length > best.words.length) best = name;
    }
    if (!best) {
      out.push(span);
      continue;
    }
    const end = span.start + best.words.length;
    out.push({ sentence: span.sentence, start: span.start, end, type: best.type });
    while (k + 1 < spans.length && spans[k + 1].sentence === span.sentence && spans[k + 1].start < end) k++;
  }
  return out;
}

/**
 * Last words of organisation names that a nationality can open ("Canadian Space Agency").
 * Not "Ministry": CoNLL-2003 writes "German" (MISC) "Foreign Ministry" (ORGANIZATION), -0.03
 * on eng.testa when joined.
 */
const NATIONAL_ORGANIZATION_HEADS = new Set(
  'Agency Bank Corporation Company Airlines Airways Association Institute Council Party Federation Union Service Society Academy Foundation Commission Authority Office Army Navy Police Broadcasting Railways'.split(
    ' ',
  ),
);

/**
 * A nationality tagged on its own before an organisation that ends in an organisation head
 * opens that organisation's name: "Canadian Space Agency" came out as GROUP "Canadian" and
 * ORGANIZATION "Space Agency".
 */
export function joinNationalOrganizations(
  sentences: readonly (readonly { text: string }[])[],
  spans: readonly TypedSpan[],
): TypedSpan[] {
  const out: TypedSpan[] = [];
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k];
    const next = spans[k + 1];
    if (
      (span.type === 'GROUP' || span.type === 'MISC') &&
      span.end - span.start === 1 &&
      next !== undefined &&
      next.sentence === span.sentence &&
      next.start === span.end &&
      next.type === 'ORGANIZATION' &&
      NATIONAL_ORGANIZATION_HEADS.has(sentences[next.sentence][next.end - 1].text)
    ) {
      out.push({ ...next, start: span.start });
      k++;
    } else out.push(span);
  }
  return out;
}
