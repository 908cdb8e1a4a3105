/**
 * Language stage: which language is the article in, and may the English-only stages run?
 *
 * Detector: `franc-min` (trigram profiles of the 82 languages with 8M+ speakers; pure JS, no
 * I/O). franc reads at most 2,048 characters and its own scores barely separate the top
 * languages on long texts, so textlens samples instead: up to {@link CHUNK_COUNT} windows of
 * about {@link CHUNK_LENGTH} characters spread evenly over the text, each detected on its own.
 * A window votes when it has at least 20 letters in at least 4 distinct words. The winner is
 * the language with the most sampled letters; `confidence` is the share of sampled letters that
 * voted for it, times a length factor that stays below 1 until the sample holds
 * {@link FULL_CONFIDENCE_LETTERS} letters (not applied to mostly non-Latin text, whose script is
 * evidence enough). The cost is bounded (at most ~3,000 characters
 * are examined) whatever the size of the article.
 *
 * Decision: the English-only stages (name tagging, AFINN sentiment, key phrases, English-word
 * date/time patterns) are skipped only when the detected language is not English *and*
 * confidence >= {@link NON_ENGLISH_MIN_CONFIDENCE}. Short or ambiguous texts are analysed as
 * English, as in v1: skipping the stages for an English article costs more than running them on
 * a short foreign snippet.
 *
 * Codes: ISO 639-1 when the language has one (`en`, `de`), otherwise franc's ISO 639-3 code;
 * `und` when nothing could be detected (no letters, too short).
 *
 * franc's answer is computed by {@link francTopLanguage}, which gives exactly franc-min's first
 * result (`francAll(text, { minLength })[0][0]`, tested against it) several times faster.
 */
import { data as FRANC_DATA } from 'franc-min/data.js';
import { expressions as FRANC_SCRIPTS } from 'franc-min/expressions.js';
import type { EntityType, LanguageDetection, SkippedStage } from './types.ts';

/** Number of windows sampled across the text. */
export const CHUNK_COUNT = 8;
/** Approximate window length in characters. */
export const CHUNK_LENGTH = 360;
/** A window needs this many letters to vote... */
const MIN_CHUNK_LETTERS = 20;
/** ...spread over at least this many distinct words (so "xxxx..." or a list of codes cannot vote). */
const MIN_CHUNK_WORDS = 4;
/** Letters in the whole sample from which the length factor is 1. */
export const FULL_CONFIDENCE_LETTERS = 120;
/** Confidence from which a non-English detection switches the English-only stages off. */
export const NON_ENGLISH_MIN_CONFIDENCE = 0.6;

/** The English-only stages skipped for other languages, in report order. */
export const ENGLISH_ONLY_STAGES: readonly SkippedStage[] = ['names', 'sentiment', 'keyPhrases'];

/**
 * wink-nlp pattern entities that are language-neutral (kept for non-English text). DATE, TIME,
 * DURATION and ORDINAL come from English words ("Tuesday", "second") and are dropped.
 */
export const LANGUAGE_NEUTRAL_TYPES: ReadonlySet<EntityType> = new Set<EntityType>([
  'EMAIL',
  'URL',
  'HASHTAG',
  'MENTION',
  'EMOJI',
  'MONEY',
  'PERCENT',
  'QUANTITY',
  'CARDINAL',
]);

/** franc-min's ISO 639-3 codes that have an ISO 639-1 code. */
const ISO_639_1: Readonly<Record<string, string>> = {
  eng: 'en',
  spa: 'es',
  por: 'pt',
  ind: 'id',
  fra: 'fr',
  deu: 'de',
  jav: 'jv',
  vie: 'vi',
  ita: 'it',
  tur: 'tr',
  pol: 'pl',
  swh: 'sw',
  sun: 'su',
  ron: 'ro',
  hau: 'ha',
  fuv: 'ff',
  bos: 'bs',
  hrv: 'hr',
  nld: 'nl',
  srp: 'sr',
  yor: 'yo',
  uzn: 'uz',
  zlm: 'ms',
  ibo: 'ig',
  tgl: 'tl',
  hun: 'hu',
  azj: 'az',
  ces: 'cs',
  run: 'rn',
  plt: 'mg',
  qug: 'qu',
  nya: 'ny',
  zyb: 'za',
  kin: 'rw',
  zul: 'zu',
  swe: 'sv',
  lin: 'ln',
  som: 'so',
  rus: 'ru',
  ukr: 'uk',
  bel: 'be',
  bul: 'bg',
  kaz: 'kk',
  arb: 'ar',
  urd: 'ur',
  pes: 'fa',
  pbu: 'ps',
  hin: 'hi',
  mar: 'mr',
  npi: 'ne',
  cmn: 'zh',
  ben: 'bn',
  jpn: 'ja',
  kor: 'ko',
  tel: 'te',
  tam: 'ta',
  guj: 'gu',
  kan: 'kn',
  mal: 'ml',
  mya: 'my',
  pan: 'pa',
  amh: 'am',
  tha: 'th',
  sin: 'si',
  ell: 'el',
};

/** ISO 639-3 (franc) -> ISO 639-1 when there is one; `und` stays `und`. */
export function toLanguageCode(iso6393: string): string {
  return ISO_639_1[iso6393] ?? iso6393;
}

/** True when a text has no character beyond ASCII. */
const ASCII_ONLY = /^[^\u0080-\uffff]*$/;

/** franc-min's constants: text examined per call, and the distance of a trigram a model lacks. */
const FRANC_MAX_LENGTH = 2048;
const FRANC_MAX_DIFFERENCE = 300;

/**
 * One script's franc models turned inside out: for each trigram, the languages of the script
 * whose model has it and its rank there (languages by their index in franc's order).
 *
 * Trigrams are numbers, not strings: each character of the script's models has a small code
 * (`charCodes`: 1 + its index in the models' alphabet, 0 for a character no model has), and a
 * trigram is its three codes in base `base`, which indexes `rowOf` directly. The text's
 * trigrams are then looked up without making a string, or hashing, for each; one with a
 * character no model has is in no model.
 */
interface ScriptModels {
  languages: string[];
  charCodes: Uint16Array;
  base: number;
  /** Trigram number -> 1 + its row, 0 when no model has it. */
  rowOf: Uint16Array;
  /** Per row: language, rank, language, rank, ... of the models that have the trigram. */
  rows: number[][];
  /** Scratch for one text: occurrences per row (all zero between calls). */
  counts: Int32Array;
}

const scriptModels = new Map<string, ScriptModels>();

/** The inverted models of a script with several languages (built once, on first use). */
function modelsOf(script: string): ScriptModels | undefined {
  if (!Object.hasOwn(FRANC_DATA, script)) return undefined;
  let models = scriptModels.get(script);
  if (!models) {
    // Built during a cold start (the handler's warm-up reaches it): one pass over the models,
    // then the few thousand distinct trigrams.
    const languages = Object.keys(FRANC_DATA[script]);
    const rowOfTrigram = new Map<string, number>();
    const rows: number[][] = [];
    languages.forEach((language, column) => {
      const trigrams = FRANC_DATA[script][language].split('|');
      // franc fills its dictionary from the last trigram down, so a repeated one keeps its lowest rank.
      for (let rank = trigrams.length - 1; rank >= 0; rank--) {
        let row = rowOfTrigram.get(trigrams[rank]);
        if (row === undefined) {
          row = rows.length;
          rowOfTrigram.set(trigrams[rank], row);
          rows.push([]);
        }
        const pairs = rows[row];
        if (pairs.length > 0 && pairs[pairs.length - 2] === column) pairs[pairs.length - 1] = rank;
        else pairs.push(column, rank);
      }
    });
    if (rows.length >= 0xffff) throw new Error(`too many trigrams in the ${script} models`);
    // The models' characters (UTF-16 units; the Set's own loop is cheap even before the JIT).
    const charCodes = new Uint16Array(0x10000);
    let alphabet = 0;
    for (const c of new Set([...rowOfTrigram.keys()].join('').split('')))
      charCodes[c.charCodeAt(0)] = ++alphabet;
    const base = alphabet + 1;
    const rowOf = new Uint16Array(base * base * base);
    for (const [trigram, row] of rowOfTrigram) {
      // Only a trigram of three UTF-16 units can match the text's (franc-min's all are).
      if (trigram.length === 3) rowOf[trigramId(trigram, 0, charCodes, base)] = row + 1;
    }
    models = { languages, charCodes, base, rowOf, rows, counts: new Int32Array(rows.length) };
    scriptModels.set(script, models);
  }
  return models;
}

/** The number of the trigram at `text[at..at+3)`, or -1 when a character is in no model. */
function trigramId(text: string, at: number, charCodes: Uint16Array, base: number): number {
  const a = charCodes[text.charCodeAt(at)];
  const b = charCodes[text.charCodeAt(at + 1)];
  const c = charCodes[text.charCodeAt(at + 2)];
  return a === 0 || b === 0 || c === 0 ? -1 : (a * base + b) * base + c;
}

/**
 * franc-min's most probable language of a text: the same answer as
 * `francAll(text, { minLength })[0][0]`, by the same method (the script whose characters are
 * most frequent; for a script with several languages, the language whose trigram ranks are
 * nearest to the text's trigram counts, the first in franc's order on a tie). franc looks the
 * text's trigrams up in each language's model in turn (~0.9 ms per 360-character window); here
 * each trigram is looked up once and scores every language at once.
 */
export function francTopLanguage(text: string, minLength: number): string {
  if (!text || text.length < minLength) return 'und';
  const value = text.slice(0, FRANC_MAX_LENGTH);
  let script: string | undefined;
  let scriptShare = -1;
  if (ASCII_ONLY.test(value)) {
    // Of franc's script expressions only Latin's matches ASCII, and only its letters (tested).
    if (countCodePoints(value, LATIN) === 0) return 'und';
    script = 'Latin';
  } else {
    for (const name of Object.keys(FRANC_SCRIPTS)) {
      const share = (value.match(FRANC_SCRIPTS[name])?.length ?? 0) / value.length || 0;
      if (share > scriptShare) {
        scriptShare = share;
        script = name;
      }
    }
  }
  const models = script === undefined ? undefined : modelsOf(script);
  if (!models) return script === undefined || scriptShare === 0 ? 'und' : script;

  // trigram-utils' clean(): punctuation and digits to spaces, white space collapsed, trimmed,
  // lower case; then padded with one space on each side.
  const cleaned = ` ${value
    .replace(/[\u0021-\u0040]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()} `;
  // Occurrences of each model trigram in the text. franc's distance of a language is the sum,
  // over the text's trigrams, of |count - rank - 1| when its model has the trigram, else 300.
  // A trigram no language has adds 300 to every language: it cannot change the order, so it is
  // not counted. Summed as 300 per trigram minus (300 - |count - rank - 1|) per language that
  // has it, only the few languages that have a trigram are visited (~3 of Latin's 44). The
  // distances are sums of integers: exact, in any order.
  const { rowOf, charCodes, base, rows, counts } = models;
  const seen: number[] = [];
  for (let i = 0; i + 3 <= cleaned.length; i++) {
    const id = trigramId(cleaned, i, charCodes, base);
    const row = id < 0 ? -1 : rowOf[id] - 1;
    if (row < 0) continue;
    if (counts[row] === 0) seen.push(row);
    counts[row]++;
  }
  const distances = new Float64Array(models.languages.length).fill(FRANC_MAX_DIFFERENCE * seen.length);
  for (const row of seen) {
    const count = counts[row];
    counts[row] = 0;
    const pairs = rows[row];
    for (let k = 0; k < pairs.length; k += 2) {
      distances[pairs[k]] -= FRANC_MAX_DIFFERENCE - Math.abs(count - pairs[k + 1] - 1);
    }
  }
  let best = 0;
  for (let column = 1; column < distances.length; column++) {
    if (distances[column] < distances[best]) best = column;
  }
  return models.languages[best];
}

/** Language detection plus the decision the pipeline acts on. */
export interface LanguageDecision {
  detection: LanguageDetection;
  /** The language the text is analysed as (`Report.language`). */
  language: string;
  /** False when the English-only stages must be skipped. */
  english: boolean;
}

const LETTER = /^\p{L}$/u;
const LATIN = /^\p{Script=Latin}$/u;
const WORD = /\p{L}{2,}/gu;

/**
 * Code points of `text` that `oneCodePoint` matches, where the only ASCII characters it matches
 * are A-Z and a-z (true of \p{L} and of \p{Script=Latin}). Same count as
 * `text.match(/…/gu).length`, without building the array of matches: ASCII is counted by its
 * code, only other characters go through the regex.
 */
export function countCodePoints(text: string, oneCodePoint: RegExp): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      const lower = c | 0x20;
      if (lower >= 0x61 && lower <= 0x7a) count++;
      continue;
    }
    const pair = c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (oneCodePoint.test(pair ? text.slice(i, i + 2) : text[i])) count++;
    if (pair) i++;
  }
  return count;
}

/** Letters (\p{L}) in a text. */
export function countLetters(text: string): number {
  return countCodePoints(text, LETTER);
}

/**
 * The words of a text as `text.match(WORD)` finds them (runs of two or more letters); ASCII
 * text, where the letters are A-Z and a-z, is scanned without the regex.
 */
export function wordsOf(text: string): string[] {
  if (!ASCII_ONLY.test(text)) return text.match(WORD) ?? [];
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const lower = i < text.length ? text.charCodeAt(i) | 0x20 : 0;
    if (lower >= 0x61 && lower <= 0x7a) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start >= 2) words.push(text.slice(start, i));
      start = -1;
    }
  }
  return words;
}

function distinctWords(words: readonly string[], enough: number): number {
  const distinct = new Set<string>();
  for (const word of words) {
    distinct.add(word.toLowerCase());
    if (distinct.size >= enough) break;
  }
  return distinct.size;
}

/** Up to CHUNK_COUNT windows spread evenly over the text, cut at white space where possible. */
export function sampleWindows(text: string): string[] {
  if (text.length <= CHUNK_LENGTH * 1.5) return [text];
  const count = Math.min(CHUNK_COUNT, Math.floor(text.length / CHUNK_LENGTH));
  const stride = (text.length - CHUNK_LENGTH) / Math.max(1, count - 1);
  const windows: string[] = [];
  for (let i = 0; i < count; i++) {
    let start = Math.floor(i * stride);
    let end = Math.min(text.length, start + CHUNK_LENGTH);
    // Move both ends to white space (at most 40 characters) so words are not cut in half.
    const startSpace = text.slice(start, start + 40).search(/\s/);
    if (start > 0 && startSpace >= 0) start += startSpace + 1;
    const tail = text.slice(end, end + 40).search(/\s/);
    if (end < text.length && tail >= 0) end += tail;
    windows.push(text.slice(start, end));
  }
  return windows;
}

/**
 * The most frequent English words (function words). In English prose they are 40-50% of the
 * words; in other Latin-script languages the few that coincide ("a", "in", "on", "die"... are
 * not here) stay far below {@link ENGLISH_FUNCTION_WORD_SHARE}.
 */
const ENGLISH_FUNCTION_WORDS = new Set(
  (
    'the of and to in is was that for it with as on by at from this be are were have has had ' +
    'not but or an which who their they he she his her its been will would there said than also'
  ).split(' '),
);
/** Share of English function words from which a window is English without asking franc. */
const ENGLISH_FUNCTION_WORD_SHARE = 0.25;
/** Words a window needs for that shortcut. */
const ENGLISH_SHORTCUT_MIN_WORDS = 12;

/**
 * True when a window is plainly English prose. franc's trigram distances cost ~0.9 ms per
 * window, a third of the whole analysis of a news-sized article; counting function words costs
 * microseconds and settles the common case. Anything less clear still goes to franc.
 */
function plainlyEnglish(words: readonly string[]): boolean {
  let functionWords = 0;
  for (const word of words) if (ENGLISH_FUNCTION_WORDS.has(word.toLowerCase())) functionWords++;
  return (
    words.length >= ENGLISH_SHORTCUT_MIN_WORDS && functionWords >= words.length * ENGLISH_FUNCTION_WORD_SHARE
  );
}

/** Detects the language of a text (see the module comment for the method). */
export function detectLanguage(text: string): LanguageDetection {
  const votes = new Map<string, number>();
  let total = 0;
  let latin = 0;
  const windows = sampleWindows(text)
    .map((window) => ({ window, letters: countLetters(window), words: wordsOf(window) }))
    .filter(
      (w) => w.letters >= MIN_CHUNK_LETTERS && distinctWords(w.words, MIN_CHUNK_WORDS) >= MIN_CHUNK_WORDS,
    );
  const english = windows.map((w) => plainlyEnglish(w.words));
  const eligibleLetters = windows.reduce((sum, w) => sum + w.letters, 0);
  const englishLetters = windows.reduce((sum, w, i) => sum + (english[i] ? w.letters : 0), 0);
  // When most of the sample is plainly English prose, the rest (tables, lists, headlines) does
  // not go through franc: it abstains, and only lowers the confidence.
  const mostlyEnglish = englishLetters * 2 > eligibleLetters;
  windows.forEach(({ window, letters }, i) => {
    if (mostlyEnglish && !english[i]) return;
    const code = english[i] ? 'eng' : francTopLanguage(window, MIN_CHUNK_LETTERS);
    if (!code || code === 'und') return;
    votes.set(code, (votes.get(code) ?? 0) + letters);
    total += letters;
    latin += countCodePoints(window, LATIN);
  });
  if (mostlyEnglish) total = eligibleLetters;
  if (total === 0) return { language: 'und', confidence: 0 };
  let best = '';
  let bestLetters = -1;
  for (const [code, letters] of votes) {
    // Ties go to English (the pipeline's native language), then to the first seen.
    if (letters > bestLetters || (letters === bestLetters && code === 'eng')) {
      best = code;
      bestLetters = letters;
    }
  }
  // Outside the Latin script the script itself is strong evidence (English is never written in
  // Cyrillic or Han), so short texts are not penalised there.
  const lengthFactor = latin * 2 < total ? 1 : Math.min(1, total / FULL_CONFIDENCE_LETTERS);
  const confidence = Math.round((bestLetters / total) * lengthFactor * 1000) / 1000;
  return { language: toLanguageCode(best), confidence };
}

/** Detects the language and decides whether the English-only stages run. */
export function decideLanguage(text: string): LanguageDecision {
  const detection = detectLanguage(text);
  const foreign =
    detection.language !== 'en' &&
    detection.language !== 'und' &&
    detection.confidence >= NON_ENGLISH_MIN_CONFIDENCE;
  return { detection, language: foreign ? detection.language : 'en', english: !foreign };
}

/** The report warning for a skipped non-English text. */
export function skippedWarning(detection: LanguageDetection): string {
  return (
    `Detected language "${detection.language}" (confidence ${detection.confidence}): the English-only ` +
    `stages (${ENGLISH_ONLY_STAGES.join(', ')}) were skipped; sentiment is reported as neutral 0 and ` +
    'only language-neutral entities (URLs, e-mail addresses, hashtags, mentions, emoji, numbers, ' +
    'money, percentages) are reported.'
  );
}
