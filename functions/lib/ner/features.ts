/**
 * Feature extraction for the name tagger, shared by inference (`tagger.ts`) and training
 * (`scripts/train-ner.ts`).
 *
 * A document is first "prepared": every token is hashed once (normalised word, prefixes,
 * suffixes, shape) into struct-of-arrays typed arrays, word-list membership is looked up once,
 * and document-level casing memory is computed. Feature extraction then only mixes integers
 * into 32-bit feature ids written to a caller-owned buffer, so the hot loop allocates nothing.
 */
import {
  FNV_OFFSET as FNV_OFFSET_,
  FNV_PRIME as FNV_PRIME_,
  featureId as featureId_,
  normaliseCharCode as normaliseCharCode_,
} from './hash.ts';

// Module-local copies of hot imports (transpilers may turn imported bindings into getters).
const FNV_OFFSET = FNV_OFFSET_;
const FNV_PRIME = FNV_PRIME_;
const featureId = featureId_;
const normaliseCharCode = normaliseCharCode_;

/** Minimal token shape the tagger needs (a subset of the core's `Token`). */
export interface TaggableToken {
  readonly text: string;
  readonly pos: string;
}

/** BIO labels; index = label id. Type index t maps to B = 1 + 2t, I = 2 + 2t. */
export const LABELS = [
  'O',
  'B-PER',
  'I-PER',
  'B-ORG',
  'I-ORG',
  'B-LOC',
  'I-LOC',
  'B-MISC',
  'I-MISC',
] as const;
export const LABEL_COUNT = LABELS.length;
/** Entity types in label order (CoNLL names). */
export const ENTITY_TYPE_NAMES = ['PER', 'ORG', 'LOC', 'MISC'] as const;

/** Word-list classes (bit positions in a gazetteer mask). */
export const GAZ = {
  firstName: 0,
  lastName: 1,
  person: 2,
  city: 3,
  country: 4,
  region: 5,
  organization: 6,
  sportsTeam: 7,
  demonym: 8,
  orgWord: 9,
  placeWord: 10,
  honorific: 11,
  commonWord: 12,
  multiWordPart: 13,
  dateWord: 14,
  groupWord: 15,
} as const;

/** Word-list look-ups the features need; implemented by the model (shipped hashed lists). */
export interface WordLists {
  /** Bit mask of `GAZ` classes for a normalised-word hash (0 when unknown). */
  maskOf(wordHash: number): number;
  /** Distributional cluster code of a normalised-word hash (1.., 0 when unknown; see `CLUSTER_BITS`). */
  clusterOf?(wordHash: number): number;
}

/**
 * Bit widths of the levels of the word-cluster tree (hierarchical k-means of word vectors, see
 * `scripts/lib/clusters.ts`): a code is 1 + a path c1 c2 c3 (coarsest level first, c1 in the
 * top bits), and its prefixes are the word's clusters at three granularities (32 top clusters,
 * ~250 middle ones, ~1000 fine ones).
 */
export const CLUSTER_BITS: readonly number[] = [5, 4, 6];
const CLUSTER_FINE_BITS = CLUSTER_BITS[2];
const CLUSTER_MID_BITS = CLUSTER_BITS[1] + CLUSTER_BITS[2];

/** Cluster of a code at the coarse (0), middle (1) or fine (2) level; 0 for unknown words. */
export function clusterAt(code: number, level: number): number {
  if (code === 0) return 0;
  if (level === 2) return code;
  return 1 + ((code - 1) >>> (level === 1 ? CLUSTER_FINE_BITS : CLUSTER_MID_BITS));
}

/** Universal POS tags wink-nlp emits, mapped to small integers (0 = unknown). */
const POS_IDS: Record<string, number> = {
  ADJ: 1,
  ADP: 2,
  ADV: 3,
  AUX: 4,
  CCONJ: 5,
  DET: 6,
  INTJ: 7,
  NOUN: 8,
  NUM: 9,
  PART: 10,
  PRON: 11,
  PROPN: 12,
  PUNCT: 13,
  SCONJ: 14,
  SYM: 15,
  VERB: 16,
  X: 17,
  SPACE: 18,
};

/** Casing classes of a token. */
export const CASE = { none: 0, lower: 1, title: 2, upper: 3, single: 4, mixed: 5, alnum: 6 } as const;

/** Per-token flags. */
export const FLAG = {
  sentenceInitial: 1,
  headline: 2,
  /** The same word occurs all lower-case elsewhere in the document (outside headlines). */
  seenLower: 4,
  /** The same word occurs capitalised mid-sentence elsewhere in the document (outside headlines). */
  seenCapitalisedMidSentence: 8,
} as const;

/** A document's tokens, hashed once; all arrays have one entry per token of the document. */
export interface PreparedDocument {
  readonly tokenCount: number;
  /** Sentence boundaries: sentence s covers tokens [sentenceStarts[s], sentenceStarts[s + 1]). */
  readonly sentenceStarts: Int32Array;
  readonly word: Uint32Array;
  readonly prefix3: Uint32Array;
  readonly prefix4: Uint32Array;
  readonly suffix2: Uint32Array;
  readonly suffix3: Uint32Array;
  readonly suffix4: Uint32Array;
  readonly shape: Uint32Array;
  readonly casing: Uint8Array;
  readonly length: Uint8Array;
  readonly pos: Uint8Array;
  readonly gazetteer: Uint16Array;
  /** Word-cluster code (see `CLUSTER_BITS`; 0 when the word has none). */
  readonly cluster: Uint16Array;
  readonly flags: Uint8Array;
  /**
   * Position in a run of capitalised tokens of the sentence (0 outside, 1 first, 2 inside,
   * 3 last, 4 alone), the run's length (capped at 6) and its first and last words: "Austrian
   * Red Cross" gives each of its tokens the last word "cross" (the head of most organisation
   * and place names) and the first word "austrian".
   */
  readonly runPosition: Uint8Array;
  readonly runLength: Uint8Array;
  readonly runFirst: Uint32Array;
  readonly runLast: Uint32Array;
  /** Token range [runFrom, runTo) of the token's capitalised run (meaningful when runPosition > 0). */
  readonly runFrom: Int32Array;
  readonly runTo: Int32Array;
}

/** Hash used for positions before the sentence start / after its end. */
export const BOUNDARY_BEFORE = 0x5bb7;
export const BOUNDARY_AFTER = 0x5e0d;

/**
 * Templates of the features on one neighbouring word alone (w-1, w+1, w-2, w+2) and on the
 * token's word x headline flag: they depend on a single token's word, so the tagger caches
 * their weights per word instead of hashing them per token.
 */
export const T_PREV_WORD = 4;
export const T_NEXT_WORD = 5;
export const T_PREV2_WORD = 6;
export const T_NEXT2_WORD = 7;
export const T_HEADLINE_WORD = 31;
/** Templates of the (fine) word cluster of the previous / next token. */
export const T_PREV_CLUSTER = 74;
export const T_NEXT_CLUSTER = 75;
/** Templates of the word-list mask of the previous / next token (a function of that word). */
export const T_PREV_GAZ = 25;
export const T_NEXT_GAZ = 26;

/** Short function words that title-case headlines leave lower-case. */
const MINOR_WORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'but',
  'nor',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'by',
  'as',
  'vs',
  'via',
  'from',
  'with',
  'into',
  'up',
  'is',
  'be',
]);

const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}|\p{Lt}/u;

/** Is the code unit a letter? ASCII by range, the rest by Unicode category (dashes, quotes are not). */
function isLetterCode(code: number): boolean {
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER.test(String.fromCharCode(code));
}

/** Is the code unit an upper-case (or title-case) letter, by Unicode category? */
function isUpperCode(code: number): boolean {
  if (code < 128) return code >= 65 && code <= 90;
  return UPPER.test(String.fromCharCode(code));
}

/** Casing class of a token (see `CASE`). */
export function casingOf(text: string): number {
  let letters = 0;
  let uppers = 0;
  let digits = 0;
  let firstUpper = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (isLetterCode(code)) {
      if (isUpperCode(code)) {
        uppers++;
        if (letters === 0) firstUpper = true;
      }
      letters++;
    }
  }
  if (letters === 0) return CASE.none;
  if (digits > 0) return CASE.alnum;
  if (uppers === 0) return CASE.lower;
  if (letters === 1) return CASE.single;
  if (uppers === letters) return CASE.upper;
  if (firstUpper && uppers === 1) return CASE.title;
  return CASE.mixed;
}

/** Shape class of one code unit: 1 upper, 2 lower, 3 digit, otherwise the code itself. */
function shapeClass(code: number): number {
  if (code >= 48 && code <= 57) return 3;
  if (isLetterCode(code)) return isUpperCode(code) ? 1 : 2;
  return code + 8;
}

/**
 * Is the sentence a headline? ALL-CAPS lines (CoNLL's headlines) or title-case lines (what
 * real news sites use: "Derby Ends in Heartbreak") where every word of four or more letters is
 * capitalised and there are at least three words. In headlines capitalisation says little, so
 * casing features are conjoined with this flag and the model leans on other cues.
 */
export function isHeadline(tokens: readonly TaggableToken[], from: number, to: number): boolean {
  const casings = new Uint8Array(to - from);
  for (let i = from; i < to; i++) casings[i - from] = casingOf(tokens[i].text);
  return isHeadlineCased(tokens, from, to, casings, -from);
}

/** `isHeadline` with the casings of the tokens precomputed (`casings[i + shift]` for token i). */
function isHeadlineCased(
  tokens: readonly TaggableToken[],
  from: number,
  to: number,
  casings: Uint8Array,
  shift: number,
): boolean {
  let words = 0;
  let upperWords = 0;
  let capitalisedLong = 0;
  let lowerLong = 0;
  let lowerMinor = 0;
  for (let i = from; i < to; i++) {
    const text = tokens[i].text;
    const casing = casings[i + shift];
    if (casing === CASE.none || casing === CASE.alnum) continue;
    words++;
    if (casing === CASE.upper) upperWords++;
    if (casing === CASE.lower) {
      if (text.length >= 4 && !MINOR_WORDS.has(text)) lowerLong++;
      else lowerMinor++;
    } else if (text.length >= 4) capitalisedLong++;
  }
  if (words >= 2 && upperWords >= 2 && upperWords === words) return true;
  return words >= 3 && lowerLong === 0 && capitalisedLong >= 2 && lowerMinor < words - 1;
}

/** Values per cached token text: 7 hashes, one packed word (casing, length, word-list mask), cluster. */
const INFO_WIDTH = 9;
/** Distinct token texts cached per word-list set before the cache is cleared. */
const INFO_CAPACITY = 1 << 15;

/**
 * Per-process memo of everything about a token that depends only on its text (hashes of the
 * normalised word, affixes and shape; casing; length; word-list mask), so each distinct text
 * is hashed once, not once per occurrence.
 */
class TokenInfoCache {
  readonly info = new Uint32Array(INFO_CAPACITY * INFO_WIDTH);
  private readonly slots = new Map<string, number>();

  constructor(private readonly lists: WordLists) {}

  slotOf(text: string): number {
    const known = this.slots.get(text);
    if (known !== undefined) return known;
    if (this.slots.size >= INFO_CAPACITY) this.slots.clear();
    const slot = this.slots.size;
    this.slots.set(text, slot);
    this.fill(text, slot * INFO_WIDTH);
    return slot;
  }

  private fill(text: string, k: number): void {
    const n = text.length;
    let h = FNV_OFFSET;
    let shapeHash = FNV_OFFSET;
    let lastShape = -1;
    let shapeRuns = 0;
    let p3 = 0;
    let p4 = 0;
    for (let c = 0; c < n; c++) {
      const code = text.charCodeAt(c);
      h = Math.imul(h ^ normaliseCharCode(code), FNV_PRIME);
      if (c === 2) p3 = h;
      else if (c === 3) p4 = h;
      const cls = shapeClass(code);
      // Collapse runs ("Xxxxx" -> "Xx") and cap the number of runs so long odd tokens share a shape.
      if (cls !== lastShape && shapeRuns < 6) {
        shapeHash = Math.imul(shapeHash ^ cls, FNV_PRIME);
        lastShape = cls;
        shapeRuns++;
      }
    }
    let r = FNV_OFFSET;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let c = n - 1, j = 1; c >= 0 && j <= 4; c--, j++) {
      r = Math.imul(r ^ normaliseCharCode(text.charCodeAt(c)), FNV_PRIME);
      if (j === 2) s2 = r;
      else if (j === 3) s3 = r;
      else if (j === 4) s4 = r;
    }
    const info = this.info;
    const word = h >>> 0;
    info[k] = word;
    info[k + 1] = (n >= 3 ? p3 : h) >>> 0;
    info[k + 2] = (n >= 4 ? p4 : h) >>> 0;
    info[k + 3] = (n >= 2 ? s2 : r) >>> 0;
    info[k + 4] = (n >= 3 ? s3 : r) >>> 0;
    info[k + 5] = (n >= 4 ? s4 : r) >>> 0;
    info[k + 6] = shapeHash >>> 0;
    info[k + 7] = (casingOf(text) | (Math.min(n, 15) << 3) | (this.lists.maskOf(word) << 16)) >>> 0;
    info[k + 8] = this.lists.clusterOf?.(word) ?? 0;
  }
}

const tokenCaches = new WeakMap<WordLists, TokenInfoCache>();

/**
 * Hashes every token of a document once. `sentences` are the document's sentences in order.
 * Document memory: for each normalised word, whether it is seen lower-case, and whether it is
 * seen capitalised mid-sentence, anywhere in the document (outside headlines). This is what
 * tells a sentence-initial "Coach" (seen as "coach" elsewhere) from a name.
 */
export function prepareDocument(
  sentences: readonly (readonly TaggableToken[])[],
  lists: WordLists,
): PreparedDocument {
  let tokenCount = 0;
  for (const s of sentences) tokenCount += s.length;
  const sentenceStarts = new Int32Array(sentences.length + 1);
  const word = new Uint32Array(tokenCount);
  const prefix3 = new Uint32Array(tokenCount);
  const prefix4 = new Uint32Array(tokenCount);
  const suffix2 = new Uint32Array(tokenCount);
  const suffix3 = new Uint32Array(tokenCount);
  const suffix4 = new Uint32Array(tokenCount);
  const shape = new Uint32Array(tokenCount);
  const casing = new Uint8Array(tokenCount);
  const length = new Uint8Array(tokenCount);
  const pos = new Uint8Array(tokenCount);
  const gazetteer = new Uint16Array(tokenCount);
  const cluster = new Uint16Array(tokenCount);
  const flags = new Uint8Array(tokenCount);
  const runPosition = new Uint8Array(tokenCount);
  const runLength = new Uint8Array(tokenCount);
  const runFirst = new Uint32Array(tokenCount);
  const runLast = new Uint32Array(tokenCount);
  const runFrom = new Int32Array(tokenCount);
  const runTo = new Int32Array(tokenCount);
  const memory = new Map<number, number>();
  let cache = tokenCaches.get(lists);
  if (!cache) {
    cache = new TokenInfoCache(lists);
    tokenCaches.set(lists, cache);
  }

  let t = 0;
  for (let s = 0; s < sentences.length; s++) {
    const tokens = sentences[s];
    sentenceStarts[s] = t;
    for (let i = 0; i < tokens.length; i++) {
      const text = tokens[i].text;
      const k = cache.slotOf(text) * INFO_WIDTH;
      const info = cache.info;
      const at = t + i;
      word[at] = info[k];
      prefix3[at] = info[k + 1];
      prefix4[at] = info[k + 2];
      suffix2[at] = info[k + 3];
      suffix3[at] = info[k + 4];
      suffix4[at] = info[k + 5];
      shape[at] = info[k + 6];
      const packed = info[k + 7];
      casing[at] = packed & 7;
      length[at] = (packed >>> 3) & 15;
      gazetteer[at] = packed >>> 16;
      cluster[at] = info[k + 8];
      pos[at] = POS_IDS[tokens[i].pos] ?? 0;
    }
    const headline = isHeadlineCased(tokens, 0, tokens.length, casing, t);
    let seenWord = false;
    // A dateline ("VIENNA —", "WASHINGTON (Reuters) -") ends at a dash after capitalised words
    // only: the word after it starts the sentence proper ("More than 12,000 ...").
    let dateline = !headline;
    for (let i = 0; i < tokens.length; i++, t++) {
      const text = tokens[i].text;
      const cas = casing[t];
      let f = headline ? FLAG.headline : 0;
      const isWord = cas !== CASE.none;
      if (isWord && !seenWord) {
        f |= FLAG.sentenceInitial;
        seenWord = true;
      }
      if (dateline) {
        if (cas === CASE.lower || cas === CASE.alnum || i > 8) dateline = false;
        else if (seenWord && isDash(text)) {
          seenWord = false;
          dateline = false;
        }
      }
      flags[t] = f;
      if (!headline && isWord) {
        if (cas === CASE.lower) memory.set(word[t], (memory.get(word[t]) ?? 0) | FLAG.seenLower);
        else if (
          !(f & FLAG.sentenceInitial) &&
          (cas === CASE.title || cas === CASE.upper || cas === CASE.mixed)
        ) {
          memory.set(word[t], (memory.get(word[t]) ?? 0) | FLAG.seenCapitalisedMidSentence);
        }
      }
    }
  }
  sentenceStarts[sentences.length] = t;
  for (let s = 0; s < sentences.length; s++) {
    markCapitalisedRuns(
      casing,
      word,
      { runPosition, runLength, runFirst, runLast, runFrom, runTo },
      sentenceStarts[s],
      sentenceStarts[s + 1],
    );
  }
  if (memory.size > 0) {
    for (let i = 0; i < tokenCount; i++) {
      const m = memory.get(word[i]);
      if (m !== undefined) flags[i] |= m;
    }
  }
  return {
    tokenCount,
    sentenceStarts,
    word,
    prefix3,
    prefix4,
    suffix2,
    suffix3,
    suffix4,
    shape,
    casing,
    length,
    pos,
    gazetteer,
    cluster,
    flags,
    runPosition,
    runLength,
    runFirst,
    runLast,
    runFrom,
    runTo,
  };
}

function isDash(text: string): boolean {
  return text === '—' || text === '–' || text === '-' || text === '--';
}

function isCapitalised(casing: number): boolean {
  return casing === CASE.title || casing === CASE.upper || casing === CASE.mixed || casing === CASE.single;
}

/** Fills the capitalised-run arrays (see `PreparedDocument.runPosition`) of sentence [from, to). */
function markCapitalisedRuns(
  casing: Uint8Array,
  word: Uint32Array,
  runs: Pick<PreparedDocument, 'runPosition' | 'runLength' | 'runFirst' | 'runLast' | 'runFrom' | 'runTo'>,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; ) {
    if (!isCapitalised(casing[i])) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < to && isCapitalised(casing[end])) end++;
    const length = end - i;
    for (let k = i; k < end; k++) {
      runs.runPosition[k] = length === 1 ? 4 : k === i ? 1 : k === end - 1 ? 3 : 2;
      runs.runLength[k] = Math.min(length, 6);
      runs.runFirst[k] = word[i];
      runs.runLast[k] = word[end - 1];
      runs.runFrom[k] = i;
      runs.runTo[k] = end;
    }
    i = end;
  }
}

/** Maximum number of static features per token (size of the caller's buffer). */
export const MAX_STATIC_FEATURES = 64;

/**
 * Small-domain templates, scored at run time by direct indexing into dense tables instead of
 * hashing and probing: [template, size of a, size of b]; the feature id is featureId(t, a, b).
 * Slot k of the concatenated tables is one (template, a, b) combination (see `DENSE_SLOT_IDS`).
 */
const DENSE_TEMPLATES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1], // bias
  [18, 128, 9], // casing of previous and current token x casing of next
  [19, 21, 1], // POS
  [20, 21, 21], // previous POS x POS
  [21, 21, 21], // POS x next POS
  [22, 21, 32], // POS x context (sentence-initial, headline, casing)
  [23, 32, 1], // context
  [24, 32, 16], // context x length
  [30, 16, 8], // document casing memory x casing
  [32, 16, 3], // word-list class x (lower / capitalised / capitalised in a headline)
];
const DENSE_BASE: number[] = [];
/** Feature id of each dense slot (same ids as the hashed form, so training needs no special case). */
export const DENSE_SLOT_IDS: Uint32Array = (() => {
  const ids: number[] = [];
  for (const [template, aSize, bSize] of DENSE_TEMPLATES) {
    DENSE_BASE.push(ids.length);
    for (let a = 0; a < aSize; a++) for (let b = 0; b < bSize; b++) ids.push(featureId(template, a, b));
  }
  return Uint32Array.from(ids);
})();
const [D_BIAS, D_CASING, D_POS, D_POS_PREV, D_POS_NEXT, D_POS_CONTEXT, D_CONTEXT, D_LENGTH, D_MEMORY, D_GAZ] =
  DENSE_BASE;

/**
 * Writes the dense slots of token `i` (see `DENSE_TEMPLATES`) into `out` from `at`; returns the
 * new end. Value ranges: POS 0..18 (19/20 = sentence edge), casing 0..6 (7/8 = edge).
 */
export function denseSlots(
  doc: PreparedDocument,
  i: number,
  from: number,
  to: number,
  out: Int32Array | Uint32Array,
  at: number,
): number {
  const c0 = doc.casing[i];
  const p0 = doc.pos[i];
  const f0 = doc.flags[i];
  const g0 = doc.gazetteer[i];
  const cm1 = i - 1 >= from ? doc.casing[i - 1] : 7;
  const cp1 = i + 1 < to ? doc.casing[i + 1] : 8;
  const pm1 = i - 1 >= from ? doc.pos[i - 1] : 19;
  const pp1 = i + 1 < to ? doc.pos[i + 1] : 20;
  const headline = (f0 & FLAG.headline) !== 0 ? 1 : 0;
  const context = (f0 & 3) * 8 + c0; // sentence-initial and headline flags x casing
  let n = at;
  out[n++] = D_BIAS;
  out[n++] = D_CASING + (cm1 * 16 + c0) * 9 + cp1;
  out[n++] = D_POS + p0;
  out[n++] = D_POS_PREV + pm1 * 21 + p0;
  out[n++] = D_POS_NEXT + p0 * 21 + pp1;
  out[n++] = D_POS_CONTEXT + p0 * 32 + context;
  out[n++] = D_CONTEXT + context;
  out[n++] = D_LENGTH + context * 16 + doc.length[i];
  // Document casing memory, conjoined with the token's own casing.
  out[n++] = D_MEMORY + (f0 & 15) * 8 + c0;
  const gazContext = c0 === CASE.lower ? 0 : 1 + headline;
  for (let bit = 0; bit < 16; bit++) {
    if (g0 & (1 << bit)) out[n++] = D_GAZ + bit * 3 + gazContext;
  }
  return n;
}

/** Number of features `intrinsicFeatures` writes. */
export const INTRINSIC_FEATURES = 12;

/**
 * Features of the token alone (word, affixes, shape): the same for every occurrence of a
 * (word, shape) pair, so the tagger caches their summed weights per pair.
 */
export function intrinsicFeatures(doc: PreparedDocument, i: number, out: Uint32Array, at: number): number {
  const w0 = doc.word[i];
  out[at] = featureId(2, w0);
  out[at + 1] = featureId(3, w0, doc.casing[i]);
  out[at + 2] = featureId(10, doc.prefix3[i]);
  out[at + 3] = featureId(11, doc.prefix4[i]);
  out[at + 4] = featureId(12, doc.suffix2[i]);
  out[at + 5] = featureId(13, doc.suffix3[i]);
  out[at + 6] = featureId(14, doc.suffix4[i]);
  out[at + 7] = featureId(15, doc.shape[i]);
  // Word clusters at three granularities, and the middle one x casing.
  const code = doc.cluster[i];
  out[at + 8] = featureId(70, clusterAt(code, 0));
  out[at + 9] = featureId(71, clusterAt(code, 1));
  out[at + 10] = featureId(72, code);
  out[at + 11] = featureId(73, clusterAt(code, 1), doc.casing[i]);
  return at + INTRINSIC_FEATURES;
}

/** Context features that need hashing (neighbouring words, shapes, word-list masks). */
export function contextFeatures(
  doc: PreparedDocument,
  i: number,
  from: number,
  to: number,
  out: Uint32Array,
  at: number,
): number {
  const w0 = doc.word[i];
  const headline = (doc.flags[i] & FLAG.headline) !== 0 ? 1 : 0;
  let n = pairFeatures(doc, i, from, to, out, at);
  out[n++] = featureId(T_PREV_WORD, i - 1 >= from ? doc.word[i - 1] : BOUNDARY_BEFORE);
  out[n++] = featureId(T_NEXT_WORD, i + 1 < to ? doc.word[i + 1] : BOUNDARY_AFTER);
  out[n++] = featureId(T_PREV2_WORD, i - 2 >= from ? doc.word[i - 2] : BOUNDARY_BEFORE);
  out[n++] = featureId(T_NEXT2_WORD, i + 2 < to ? doc.word[i + 2] : BOUNDARY_AFTER);
  out[n++] = featureId(T_HEADLINE_WORD, headline, w0);
  if (i - 1 >= from) out[n++] = featureId(T_PREV_CLUSTER, doc.cluster[i - 1]);
  if (i + 1 < to) out[n++] = featureId(T_NEXT_CLUSTER, doc.cluster[i + 1]);
  return n;
}

/** Maximum number of features `pairFeatures` writes. */
export const PAIR_FEATURES = 13;

/**
 * The context features that combine two tokens (bigrams, shape pairs, word-list masks in
 * context): hashed and looked up per token. The single-word ones are in `contextFeatures`.
 */
export function pairFeatures(
  doc: PreparedDocument,
  i: number,
  from: number,
  to: number,
  out: Uint32Array,
  at: number,
): number {
  const gm1 = i - 1 >= from ? doc.gazetteer[i - 1] : 0xffff;
  const gp1 = i + 1 < to ? doc.gazetteer[i + 1] : 0xfffe;
  let n = hashedPairFeatures(doc, i, from, to, out, at);
  out[n++] = featureId(T_PREV_GAZ, gm1);
  out[n++] = featureId(T_NEXT_GAZ, gp1);
  return tokenSignatureFeatures(doc, i, out, n);
}

/**
 * Features of the token's word-list mask x context and its capitalised-run length and
 * position: functions of the same small signature as the dense templates, so the tagger sums
 * them once per signature.
 */
export function tokenSignatureFeatures(
  doc: PreparedDocument,
  i: number,
  out: Uint32Array,
  at: number,
): number {
  const context = (doc.flags[i] & 3) * 8 + doc.casing[i];
  let n = at;
  out[n++] = featureId(27, doc.gazetteer[i], context);
  const run = doc.runPosition[i];
  if (run !== 0) out[n++] = featureId(62, doc.runLength[i] * 8 + run, doc.flags[i] & FLAG.headline);
  return n;
}

/**
 * The pair features the tagger hashes and looks up per token (bigrams, shape pairs, neighbour
 * word x casing, the capitalised run's head and first word).
 */
export function hashedPairFeatures(
  doc: PreparedDocument,
  i: number,
  from: number,
  to: number,
  out: Uint32Array,
  at: number,
): number {
  const w0 = doc.word[i];
  const c0 = doc.casing[i];
  const hasM1 = i - 1 >= from;
  const hasP1 = i + 1 < to;
  const wm1 = hasM1 ? doc.word[i - 1] : BOUNDARY_BEFORE;
  const wp1 = hasP1 ? doc.word[i + 1] : BOUNDARY_AFTER;
  const sm1 = hasM1 ? doc.shape[i - 1] : BOUNDARY_BEFORE;
  const sp1 = hasP1 ? doc.shape[i + 1] : BOUNDARY_AFTER;
  out[at] = featureId(8, wm1, w0);
  out[at + 1] = featureId(9, w0, wp1);
  out[at + 2] = featureId(16, sm1, doc.shape[i]);
  out[at + 3] = featureId(17, doc.shape[i], sp1);
  out[at + 4] = featureId(28, wm1, c0);
  out[at + 5] = featureId(29, wp1, c0);
  const run = doc.runPosition[i];
  if (run === 0) return at + 6;
  // Capitalised runs: head and first word of the name-like run the token is in.
  out[at + 6] = featureId(60, doc.runLast[i], run);
  out[at + 7] = featureId(61, doc.runFirst[i], run);
  // The (middle) cluster of the run's head (last) word: "Corp", "United", "Cross" and their kin.
  out[at + 8] = featureId(65, clusterAt(doc.cluster[doc.runTo[i] - 1], 1), run);
  return at + 9;
}

const slotBuffer = new Int32Array(32);

/**
 * Writes all static (label-independent) feature ids of token `i` into `out`; returns the count.
 * `from`/`to` delimit the token's sentence so that context windows stop at sentence edges.
 * Training uses this; the tagger computes the same sum faster (dense slots, intrinsic cache).
 */
export function staticFeatures(
  doc: PreparedDocument,
  i: number,
  from: number,
  to: number,
  out: Uint32Array,
): number {
  let n = intrinsicFeatures(doc, i, out, 0);
  n = contextFeatures(doc, i, from, to, out, n);
  const slots = denseSlots(doc, i, from, to, slotBuffer, 0);
  for (let k = 0; k < slots; k++) out[n++] = DENSE_SLOT_IDS[slotBuffer[k]];
  return n;
}

/** Number of features `previousLabelFeatures` writes. */
export const PREVIOUS_LABEL_FEATURES = 4;

/** Features on the labels already predicted for the two previous tokens (greedy decoding). */
export function previousLabelFeatures(
  doc: PreparedDocument,
  i: number,
  previous: number,
  beforePrevious: number,
  out: Uint32Array,
  at: number,
): number {
  out[at] = featureId(40, previous);
  out[at + 1] = featureId(41, previous, beforePrevious);
  out[at + 2] = featureId(42, previous, doc.word[i]);
  out[at + 3] = featureId(43, previous, doc.casing[i] * 4 + (doc.flags[i] & 3));
  return at + PREVIOUS_LABEL_FEATURES;
}

/** Number of entity types (PER, ORG, LOC, MISC). */
const TYPE_COUNT = 4;

/**
 * What the first pass said about each word across the whole document, for the second pass.
 * Votes weigh every mention (not just the first) and trust some mentions more: a multi-token
 * span ("Joe Biden" as PER) counts double, so the full name decides the type of a later bare
 * "Biden"; headline and sentence-initial single-token mentions count half, since capitals
 * there are no evidence of a name.
 */
export interface DocumentMemory {
  /** Per token: majority first-pass type of its word in the document (0 none, 1 + type index). */
  readonly majorityType: Uint8Array;
  /** Per token: 0 no evidence, 1 weak (< 2/3 of the votes), 2 strong. */
  readonly majorityStrength: Uint8Array;
  /** Per token: bit t set when the word is inside a first-pass multi-token span of type t somewhere. */
  readonly multiTokenTypes: Uint8Array;
}

/** Builds document memory from first-pass labels (one per token of `doc`). */
export function buildDocumentMemory(doc: PreparedDocument, firstPassLabels: Uint8Array): DocumentMemory {
  const n = doc.tokenCount;
  const rowOf = new Map<number, number>();
  const votes: number[] = [];
  const multi: number[] = [];
  const spanStart = (i: number) => firstPassLabels[i] % 2 === 1;
  for (let s = 0; s + 1 < doc.sentenceStarts.length; s++) {
    const from = doc.sentenceStarts[s];
    const to = doc.sentenceStarts[s + 1];
    for (let i = from; i < to; i++) {
      const label = firstPassLabels[i];
      if (label === 0 || !spanStart(i)) continue;
      let end = i + 1;
      while (end < to && firstPassLabels[end] === label + 1) end++;
      const type = (label - 1) >> 1;
      const length = end - i;
      const unreliable = (doc.flags[i] & (FLAG.headline | FLAG.sentenceInitial)) !== 0 && length === 1;
      const weight = length > 1 ? 2 : unreliable ? 0.5 : 1;
      for (let k = i; k < end; k++) {
        if (doc.casing[k] === CASE.none || doc.casing[k] === CASE.lower) continue;
        let row = rowOf.get(doc.word[k]);
        if (row === undefined) {
          row = rowOf.size;
          rowOf.set(doc.word[k], row);
          votes.push(0, 0, 0, 0);
          multi.push(0);
        }
        votes[row * TYPE_COUNT + type] += weight;
        if (length > 1) multi[row] |= 1 << type;
      }
      i = end - 1;
    }
  }
  const majorityType = new Uint8Array(n);
  const majorityStrength = new Uint8Array(n);
  const multiTokenTypes = new Uint8Array(n);
  if (rowOf.size === 0) return { majorityType, majorityStrength, multiTokenTypes };
  for (let i = 0; i < n; i++) {
    const row = rowOf.get(doc.word[i]);
    if (row === undefined) continue;
    let best = 0;
    let total = 0;
    for (let t = 0; t < TYPE_COUNT; t++) {
      const v = votes[row * TYPE_COUNT + t];
      total += v;
      if (v > votes[row * TYPE_COUNT + best]) best = t;
    }
    majorityType[i] = best + 1;
    majorityStrength[i] = votes[row * TYPE_COUNT + best] * 3 >= total * 2 ? 2 : 1;
    multiTokenTypes[i] = multi[row];
  }
  return { majorityType, majorityStrength, multiTokenTypes };
}

/** Maximum number of features `secondPassFeatures` writes. */
export const SECOND_PASS_FEATURES = 11;

/** Second-pass (document-level) features of token `i`, from first-pass labels and document memory. */
export function secondPassFeatures(
  doc: PreparedDocument,
  memory: DocumentMemory,
  firstPassLabels: Uint8Array,
  i: number,
  from: number,
  to: number,
  out: Uint32Array,
  at: number,
): number {
  const l0 = firstPassLabels[i];
  const lm1 = i - 1 >= from ? firstPassLabels[i - 1] : 15;
  const lp1 = i + 1 < to ? firstPassLabels[i + 1] : 16;
  const m0 = memory.majorityType[i] * 4 + memory.majorityStrength[i];
  const mm1 = i - 1 >= from ? memory.majorityType[i - 1] : 7;
  const mp1 = i + 1 < to ? memory.majorityType[i + 1] : 8;
  const context = (doc.flags[i] & 3) * 8 + doc.casing[i];
  out[at] = featureId(50, l0);
  out[at + 1] = featureId(51, lm1, lp1);
  out[at + 2] = featureId(52, m0);
  out[at + 3] = featureId(53, m0, context);
  out[at + 4] = featureId(54, m0, l0);
  out[at + 5] = featureId(55, mm1 * 16 + memory.majorityType[i], mp1);
  out[at + 6] = featureId(56, memory.multiTokenTypes[i], memory.majorityType[i]);
  out[at + 7] = featureId(57, m0, doc.flags[i] & 12);
  out[at + 8] = featureId(58, l0, lm1);
  // Capitalised run of two or more tokens: how pass 1 labelled its ends, and the document
  // majority of its head word ("Red Cross" decides "Austrian Red Cross").
  const run = doc.runPosition[i];
  if (run === 0 || run === 4) return at + 9;
  const last = doc.runTo[i] - 1;
  out[at + 9] = featureId(63, firstPassLabels[doc.runFrom[i]] * 16 + firstPassLabels[last], run);
  out[at + 10] = featureId(64, memory.majorityType[last] * 4 + memory.majorityStrength[last], run);
  return at + 11;
}
