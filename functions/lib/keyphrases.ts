/**
 * Key phrases: the noun phrases that say what an article is about ("emergency aid", "heavy rain",
 * "flood research group"), from wink-nlp's part-of-speech tags.
 *
 * Candidates: maximal runs of ADJ / NOUN / PROPN word tokens inside one sentence, trimmed so they
 * end on a common noun (the head: "Rescue teams", not "Chief executive Lena Hoffmann") and do not start with a quantity adjective ("more", "other", "several"), at most
 * {@link MAX_WORDS} words (a longer run keeps its last words, where English puts the head).
 * Runs made only of proper nouns are names and left to the entity stage. One-word phrases count
 * only when they recur and are not generic ("people", "year", "official").
 *
 * Grouping: lower case, with the last word's plural "s" removed ("flood warnings" = "flood
 * warning"); the reported text is the most frequent surface form (white space collapsed).
 *
 * Ranking: score = count x length boost (1, 1.5, 1.8, 2 for 1..4 words)
 *                + 0.5 x (how often the phrase's nouns occur in other candidates) / words
 *                + 1 when it occurs in the title or the first two paragraphs,
 * then normalised so the best phrase has 1. Ties: the earlier phrase first. O(tokens).
 */
import { round4 } from './arc.ts';
import { hasLetter } from './chars.ts';
import { JOB_TITLE_WORDS } from './ner/titles.ts';
import { isUnitWord } from './quantities.ts';
import { isTightHyphen, SENTENCE_END } from './token-marks.ts';
import type { EntityMention, KeyPhrase, Token } from './types.ts';

/** Most words in a phrase. */
export const MAX_WORDS = 4;
/** Most phrases in a report. */
export const KEY_PHRASE_LIMIT = 15;

const PHRASE_POS: ReadonlySet<string> = new Set(['ADJ', 'NOUN', 'PROPN']);

/** Adjectives that quantify rather than describe; stripped from the start of a phrase. */
const LEADING_STOP: ReadonlySet<string> = new Set([
  'more',
  'most',
  'many',
  'much',
  'other',
  'such',
  'own',
  'same',
  'few',
  'several',
  'various',
  'certain',
  'last',
  'next',
  'least',
  'less',
  'further',
  'whole',
  'entire',
  'only',
  'various',
]);

/** Nouns too generic to be a key phrase on their own. */
const GENERIC_NOUNS: ReadonlySet<string> = new Set([
  'people',
  'person',
  'official',
  'reporter',
  'time',
  'year',
  'day',
  'week',
  'month',
  'hour',
  'minute',
  'thing',
  'way',
  'lot',
  'part',
  'number',
  'kind',
  'sort',
  'something',
  'everything',
  'nothing',
  'anything',
  'percent',
  'case',
  'point',
  'fact',
  'world',
  'area',
  'state',
  'night',
  'morning',
  'evening',
  'afternoon',
]);

/** Last words of job titles (lower case, singular), with {@link ROLE_MODIFIERS} before them. */
const ROLE_HEADS: ReadonlySet<string> = new Set(
  (
    'executive director officer manager chairman chairwoman chair head founder co-founder analyst economist ' +
    'coach spokesperson spokesman spokeswoman minister secretary president governor mayor chancellor ' +
    'commissioner ambassador senator general boss writer correspondent editor reporter columnist ' +
    'captain winger striker midfielder defender goalkeeper'
  ).split(' '),
);
/** Nouns that say when, not what. */
const TIME_NOUNS = /^(?:today|yesterday|tomorrow|tonight)$/;
/** An ordinal written as a word or with its suffix ("first", "12th"). */
const ORDINAL_WORD = /^(?:first|second|third|fourth|fifth|last|final|next|\d+(?:st|nd|rd|th))$/;
/** Parts of a match or an event counted by ordinals ("12th minute", "second half"). */
const MATCH_TIME = /^(?:minute|half|time|round|period|innings|attempt)$/;
/** Words that qualify a job title ("health minister", "managing director", "senior analyst"). */
const ROLE_MODIFIERS: ReadonlySet<string> = new Set(
  'chief deputy vice senior managing executive interior defence defense health energy foreign finance prime former acting football political science business technology financial operating marketing information technical'.split(
    ' ',
  ),
);

/** Crude singular of an English noun, enough to group "warnings" with "warning". */
export function singular(word: string): string {
  if (word.length <= 3 || !word.endsWith('s')) return word;
  if (/(ss|us|is|ous)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  return word.slice(0, -1);
}

/** One paragraph's tokens with sentence ranges (token indices, end exclusive). */
export interface PhraseParagraph {
  index: number;
  tokens: readonly Token[];
  sentences: ReadonlyArray<{ start: number; end: number }>;
  /**
   * The paragraph's names (character spans, in order): a phrase inside one is part of the name,
   * not a topic ("Yale School" of "Yale School of Medicine").
   */
  names?: ReadonlyArray<{ start: number; end: number }>;
}

interface Candidate {
  surfaces: Map<string, number>;
  words: string[];
  mentions: EntityMention[];
  lead: boolean;
  firstStart: number;
}

const WORD_PIECE = /[\p{L}\p{N}]$/u;
const PIECE_START = /^[\p{L}\p{N}]/u;

/** True when tokens[h] is a hyphen written between two word pieces with no spaces ("start-up"). */
function joinsWords(tokens: readonly Token[], h: number, end: number): boolean {
  return (
    h > 0 &&
    h + 1 < end &&
    isTightHyphen(tokens, h) &&
    WORD_PIECE.test(tokens[h - 1].text) &&
    PIECE_START.test(tokens[h + 1].text)
  );
}

/**
 * The words of tokens[from, to), hyphenated pieces joined into one word. A compound's tag is its
 * last piece's when that is a noun, adjective or proper noun ("46-page": NOUN, "two-year-old":
 * ADJ), else its first piece's ("start-up": NOUN).
 */
/** The last of the names (sorted by start, not overlapping) that starts at or before `start`, if any. */
function nameFrom(
  names: ReadonlyArray<{ start: number; end: number }>,
  start: number,
): { start: number; end: number } | undefined {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (names[mid].start <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? names[lo - 1] : undefined;
}

/** Does [start, end) lie inside one of the names (sorted by start, not overlapping)? */
function insideName(
  names: ReadonlyArray<{ start: number; end: number }>,
  start: number,
  end: number,
): boolean {
  const name = nameFrom(names, start);
  return name !== undefined && name.end >= end;
}

/** Lower-case particles inside personal names ("Ursula von der Leyen", "Ludwig van Beethoven"). */
const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'von',
  'van',
  'der',
  'den',
  'de',
  'da',
  'di',
  'du',
  'bin',
  'ibn',
]);

/**
 * A token's tag, except that a name particle before a capitalised word is part of the name
 * (wink-nlp tags "von der" in "von der Leyen" as nouns: "Ursula von der" was a key phrase).
 */
function particlePos(tokens: readonly Token[], t: number, to: number): string | undefined {
  if (!NAME_PARTICLES.has(tokens[t].text)) return tokens[t].pos;
  let next = t + 1;
  while (next < to && NAME_PARTICLES.has(tokens[next].text)) next++;
  return next < to && /^\p{Lu}/u.test(tokens[next].text) ? 'PROPN' : tokens[t].pos;
}

function compounds(
  tokens: readonly Token[],
  from: number,
  to: number,
): Array<{ text: string; pos: string | undefined; start: number; end: number }> {
  const out: Array<{ text: string; pos: string | undefined; start: number; end: number }> = [];
  for (let t = from; t < to; t++) {
    let last = t;
    while (last + 2 < to && joinsWords(tokens, last + 1, to)) last += 2;
    if (last === t) {
      out.push({
        text: tokens[t].text,
        pos: particlePos(tokens, t, to),
        start: tokens[t].start,
        end: tokens[t].end,
      });
      continue;
    }
    const pos = PHRASE_POS.has(tokens[last].pos ?? '') ? tokens[last].pos : tokens[t].pos;
    const text = tokens
      .slice(t, last + 1)
      .map((k) => k.text)
      .join('');
    out.push({ text, pos, start: tokens[t].start, end: tokens[last].end });
    t = last;
  }
  return out;
}

/**
 * Finds the key phrases of a document.
 *
 * @param paragraphs tokens with POS tags and sentence ranges, per paragraph
 * @param text the extracted text (surface forms are sliced from it)
 * @param leadParagraphs how many leading paragraphs count as the article's lead (default 2)
 */
export function extractKeyPhrases(
  paragraphs: readonly PhraseParagraph[],
  text: string,
  leadParagraphs = 2,
): KeyPhrase[] {
  const candidates = new Map<string, Candidate>();
  const nounFrequency = new Map<string, number>();

  // Candidates of a headline (the first paragraph when it does not end like a sentence) count
  // only when the body has them too: headlines drop articles and their verbs get noun tags
  // ("Judge blocks state's new voter ID law days before election" gave "Judge blocks state").
  // Each headline run is kept as its suffixes, longest first ("new voter ID law", "voter ID
  // law", ...): the longest one the body has takes the mention.
  const headlineRuns: Array<Array<{ key: string; start: number; end: number; paragraph: number }>> = [];
  let inHeadline = false;

  /** Adds the candidate in the run tokens[runStart, runEnd) (most runs have none: names). */
  let names: ReadonlyArray<{ start: number; end: number }> = [];
  const emit = (paragraph: number, tokens: readonly Token[], runStart: number, runEnd: number) => {
    const parts = compounds(tokens, runStart, runEnd);
    let from = 0;
    let to = parts.length;
    while (to > from && parts[to - 1].pos !== 'NOUN') to--;
    while (from < to && parts[from].pos === 'ADJ' && LEADING_STOP.has(parts[from].text.toLowerCase())) from++;
    if (to - from > MAX_WORDS) from = to - MAX_WORDS;
    // A phrase does not start inside a name it runs out of: "the Mill Lane surface car park" cut
    // to four words gave "Lane surface car park"; it is "surface car park".
    const cut = from < to ? nameFrom(names, parts[from].start) : undefined;
    if (cut && cut.start < parts[from].start && cut.end > parts[from].start) {
      while (from < to && parts[from].start < cut.end) from++;
    }
    if (to <= from) return;
    const words = parts.slice(from, to);
    if (words.every((t) => t.pos === 'PROPN')) return;
    const lower = words.map((t) => t.text.toLowerCase());
    lower[lower.length - 1] = singular(lower[lower.length - 1]);
    if (lower.length === 1 && GENERIC_NOUNS.has(lower[0])) return;
    // "first time", "12th minute", "brilliant today": when, not what.
    if (
      TIME_NOUNS.test(lower[lower.length - 1]) ||
      (lower.length >= 2 &&
        /^(?:last|next|this|past|coming|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/.test(
          lower[lower.length - 2],
        ) &&
        /^(?:week|month|year|season|decade|weekend|summer|winter|spring|autumn|morning|afternoon|evening|night)$/.test(
          lower[lower.length - 1],
        )) ||
      (lower.length === 2 &&
        ORDINAL_WORD.test(lower[0]) &&
        (GENERIC_NOUNS.has(lower[1]) || MATCH_TIME.test(lower[1])))
    )
      return;
    // A job title is who said something, not what the article is about ("chief executive",
    // "executive director", "finance minister").
    // So is a role held at a named place ("Arsenal manager", "City boss", "England winger").
    if (
      ROLE_HEADS.has(lower[lower.length - 1]) &&
      lower.every(
        (word, k) =>
          JOB_TITLE_WORDS.has(word) ||
          ROLE_HEADS.has(word) ||
          ROLE_MODIFIERS.has(word) ||
          /^\p{Lu}/u.test(words[k].text),
      )
    )
      return;
    const key = lower.join(' ');
    const start = words[0].start;
    const end = words[words.length - 1].end;
    if (insideName(names, start, end)) return;
    if (inHeadline) {
      headlineRuns.push(
        words.map((word, k) => ({ key: lower.slice(k).join(' '), start: word.start, end, paragraph })),
      );
      return;
    }
    let candidate = candidates.get(key);
    if (!candidate) {
      candidate = { surfaces: new Map(), words: lower, mentions: [], lead: false, firstStart: start };
      candidates.set(key, candidate);
    }
    const surface = text.slice(start, end).replace(/\s+/g, ' ');
    candidate.surfaces.set(surface, (candidate.surfaces.get(surface) ?? 0) + 1);
    candidate.mentions.push({ paragraph, start, end });
    if (paragraph < leadParagraphs) candidate.lead = true;
    words.forEach((t, i) => {
      if (t.pos === 'NOUN') nounFrequency.set(lower[i], (nounFrequency.get(lower[i]) ?? 0) + 1);
    });
  };

  for (const paragraph of paragraphs) {
    const tokens = paragraph.tokens;
    names = paragraph.names ?? [];
    for (const sentence of paragraph.sentences) {
      const last = tokens[sentence.end - 1];
      inHeadline = paragraph.index === 0 && last !== undefined && !SENTENCE_END.test(last.text);
      let runStart = -1;
      for (let t = sentence.start; t <= sentence.end; t++) {
        const token = tokens[t];
        // A word written onto a number is its unit or magnitude ("£4.5m", "20km"), not a noun.
        // So is a piece after a slash inside a word ("T" of "SAMP/T launchers"), and a unit
        // after a number ("38 ms", "3,008 MB", "11 seconds"): a measure, not a topic.
        const glued =
          t > sentence.start &&
          t < sentence.end &&
          ((tokens[t - 1].end === token.start &&
            (/\d$/.test(tokens[t - 1].text) ||
              (tokens[t - 1].text === '/' &&
                t - 2 >= sentence.start &&
                tokens[t - 2].end === tokens[t - 1].start))) ||
            (/\d$/.test(tokens[t - 1].text) && isUnitWord(token.text)));
        // A piece of a written address is no word of a phrase ("visit www.example.org" gave
        // "visit www").
        const address =
          t + 2 < sentence.end &&
          tokens[t + 1].text === '.' &&
          tokens[t].end === tokens[t + 1].start &&
          tokens[t + 1].end === tokens[t + 2].start;
        let inRun =
          t < sentence.end && PHRASE_POS.has(token.pos) && hasLetter(token.text) && !glued && !address;
        // Hyphenated words are one word of the phrase ("supply-chain delays", "start-up"): the
        // run goes on through the hyphen and the piece after it, whatever that piece's tag.
        if (
          t < sentence.end &&
          runStart !== -1 &&
          (joinsWords(tokens, t, sentence.end) || joinsWords(tokens, t - 1, sentence.end))
        )
          inRun = true;
        if (inRun) {
          if (runStart === -1) {
            runStart = t;
            // ... and it starts at the compound's first piece ("46-page ruling", "full-year").
            while (runStart - 2 >= sentence.start && joinsWords(tokens, runStart - 1, sentence.end))
              runStart -= 2;
          }
        } else if (runStart !== -1) {
          emit(paragraph.index, tokens, runStart, t);
          runStart = -1;
        }
      }
    }
  }

  for (const suffixes of headlineRuns) {
    const match = suffixes.find((suffix) => candidates.has(suffix.key));
    if (!match) continue;
    const body = candidates.get(match.key) as Candidate;
    // The headline comes first in the text: its mention leads the list.
    body.mentions.unshift({ paragraph: match.paragraph, start: match.start, end: match.end });
    const surface = text.slice(match.start, match.end).replace(/\s+/g, ' ');
    body.surfaces.set(surface, (body.surfaces.get(surface) ?? 0) + 1);
    body.lead = true;
    body.firstStart = Math.min(body.firstStart, match.start);
  }

  const lengthBoost = [0, 1, 1.5, 1.8, 2];
  const scored: Array<{ key: string; candidate: Candidate; score: number }> = [];
  for (const [key, candidate] of candidates) {
    const count = candidate.mentions.length;
    const n = candidate.words.length;
    if (n === 1 && count < 2) continue;
    let shared = 0;
    for (const word of candidate.words) shared += Math.max(0, (nounFrequency.get(word) ?? 0) - count);
    const score = count * lengthBoost[n] + (0.5 * shared) / n + (candidate.lead ? 1 : 0);
    scored.push({ key, candidate, score });
  }
  scored.sort((a, b) => b.score - a.score || a.candidate.firstStart - b.candidate.firstStart);
  const top = scored.slice(0, KEY_PHRASE_LIMIT);
  const best = top.length > 0 ? top[0].score : 1;
  return top.map(({ candidate, score }) => {
    let text = '';
    let most = 0;
    for (const [surface, n] of candidate.surfaces) {
      if (n > most) {
        text = surface;
        most = n;
      }
    }
    return {
      text,
      count: candidate.mentions.length,
      score: round4(score / best),
      mentions: candidate.mentions,
    };
  });
}
