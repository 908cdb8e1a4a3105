/**
 * wink-nlp wrapper: tokens with character offsets, sentences, wink's own entities and negation
 * scopes for one paragraph at a time.
 *
 * wink-nlp's tokenizer is lossless (concatenating each token's preceding spaces and value gives
 * back the input), which is what lets token offsets be computed by a running sum.
 */

import model from 'wink-eng-lite-web-model';
import coreJson from 'wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json' with {
  type: 'json',
};
import winkNLP from 'wink-nlp';
import { base64ToBytes } from './base64.ts';
import { joinSentences } from './segment.ts';
import type { EntityType, Token } from './types.ts';

type WinkNlp = ReturnType<typeof winkNLP>;

let instance: WinkNlp | undefined;

/** A feature of wink's core model: its values, and what wink adds when it loads it. */
interface CoreFeature {
  list: unknown[];
  hash?: Record<string, number>;
  intrinsicSize?: number;
  index?: number;
  maxIndex?: number;
}

/** Decodes wink's base64 packing into 32-bit words, as wink-eng-lite-web-model does. */
function uint32FromBase64(text: string): Uint32Array {
  return new Uint32Array(base64ToBytes(text).buffer);
}

/**
 * wink-eng-lite-web-model's core loader (`dist/load-core-model.js` + `read-core-model.js` of
 * 1.8.x), without its first step: a deep copy of the 2.9 MB model JSON through
 * `JSON.parse(JSON.stringify(...))`, ~45 ms of every cold start. The copy protects the module's
 * JSON from what loading and using the model change, so this copies exactly those parts
 * instead: each feature object (wink adds `hash`, `index`, sizes, and appends unknown words to
 * its `list` at run time), `packing` (gets `efList`) and the POS cluster list (its entries become
 * Sets); everything else is only read and stays shared. A test checks the result equals wink's
 * own `model.core()`, so an upgrade of the model package that changes its loader fails it.
 */
export function loadCoreModel(): Record<string, unknown> {
  const json = coreJson as unknown as {
    packing: { layout: Record<string, number[]> } & Record<string, unknown>;
    features: Record<string, CoreFeature>;
    pos: { hash: Record<string, number> };
    lexicon: string;
    xpansions: string;
  } & Record<string, unknown>;
  const features: Record<string, CoreFeature> = {};
  for (const [name, feature] of Object.entries(json.features))
    features[name] = { ...feature, list: [...feature.list] };
  const packing = { ...json.packing, efList: [] as string[] };
  const core = {
    ...json,
    packing,
    features,
    lexicon: uint32FromBase64(json.lexicon),
    xpansions: uint32FromBase64(json.xpansions),
  };
  const hashOf = (list: unknown[]) => {
    const hash: Record<string, number> = Object.create(null);
    for (let k = 0; k < list.length; k++) hash[list[k] as string] = k;
    return hash;
  };
  for (const name in packing.layout)
    if (packing.layout[name][3] === 0) features[name].hash = hashOf(features[name].list);
  features.lexeme.hash = hashOf(features.lexeme.list);
  const clusters = features.posClusters.list;
  for (let k = 0; k < clusters.length; k++) {
    clusters[k] = new Set((clusters[k] as string).split('_').map((e) => json.pos.hash[e] || 0));
  }
  for (const name in packing.layout) {
    const layout = packing.layout[name];
    if (layout[3] === 0) {
      features[name].intrinsicSize = features[name].list.length;
      features[name].index = features[name].list.length;
      features[name].maxIndex = layout[1] >>> layout[2];
    }
    if (layout[4] === 1) packing.efList.push(name);
  }
  features.lexeme.intrinsicSize = features.lexeme.list.length;
  features.lexeme.index = features.lexeme.list.length;
  return core;
}

/** wink-eng-lite-web-model with {@link loadCoreModel} as its core loader. */
const textlensModel = { ...model, core: loadCoreModel } as unknown as typeof model;

/** The wink-nlp pipes textlens runs (the benchmark measures wink alone with the same). */
export const WINK_PIPES = ['sbd', 'negation', 'pos', 'ner'] as const;

/**
 * The shared wink-nlp instance, created on first use (model load costs ~100 ms, paid once per
 * process). Pipes: sentence boundaries, negation scopes, POS tags and wink's entity recogniser;
 * wink's own sentiment pipe is not loaded (textlens scores with AFINN, see sentiment.ts).
 */
export function nlp(): WinkNlp {
  instance ??= winkNLP(textlensModel, [...WINK_PIPES]);
  return instance;
}

/** wink-nlp entity types -> report types (EMOTICON is reported as EMOJI). */
const WINK_TYPES: Readonly<Record<string, EntityType>> = {
  DATE: 'DATE',
  TIME: 'TIME',
  DURATION: 'DURATION',
  MONEY: 'MONEY',
  PERCENT: 'PERCENT',
  CARDINAL: 'CARDINAL',
  ORDINAL: 'ORDINAL',
  EMAIL: 'EMAIL',
  URL: 'URL',
  HASHTAG: 'HASHTAG',
  MENTION: 'MENTION',
  EMOJI: 'EMOJI',
  EMOTICON: 'EMOJI',
};

/** Letters outside Latin-1 (ř, ł, ě, Greek, Cyrillic, CJK, ...), which wink-nlp's tokenizer splits words on. */
const NON_LATIN1_LETTER = /[\u0100-\uffff](?<=[\p{L}\p{M}])|[\u{10000}-\u{10ffff}](?<=\p{L})/gu;

/**
 * wink-nlp's English tokenizer treats letters beyond Latin-1 as unknown symbols and splits
 * "Dvořák" into "Dvo", "ř", "ák". It sees a stand-in instead: each such letter replaced by
 * "x"/"X" (keeping case, and UTF-16 length, so every offset is unchanged), e.g. "Dvoxák".
 */
function latin1StandIn(text: string): string {
  NON_LATIN1_LETTER.lastIndex = 0;
  if (!NON_LATIN1_LETTER.test(text)) return text;
  return text.replace(NON_LATIN1_LETTER, (letter) => {
    const mark = letter.toLowerCase() !== letter ? 'X' : 'x';
    return letter.length === 2 ? mark + mark : mark;
  });
}

/**
 * Longest run of non-white-space characters wink-nlp is given in one piece. Its tokenizer takes
 * time quadratic in the length of such a run (a 20,000-character "word" took 1.1 s, 100,000
 * characters 27 s), so a run of garbage (base64, minified data) could outlast the Lambda timeout.
 */
export const MAX_RUN_LENGTH = 500;
const LONG_RUN = new RegExp(`\\S{${MAX_RUN_LENGTH + 1},}`, 'gu');

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * False when `text` certainly has no run longer than {@link MAX_RUN_LENGTH}: such a run has no
 * ASCII space in it, so it lies in a stretch between two spaces of more than MAX_RUN_LENGTH
 * UTF-16 units. Finding the spaces (`indexOf`) is much cheaper than the `\S{501,}` regex, which
 * then only runs on the rare text with such a stretch.
 */
function mayHaveLongRun(text: string): boolean {
  let from = 0;
  for (;;) {
    const space = text.indexOf(' ', from);
    const end = space === -1 ? text.length : space;
    if (end - from > MAX_RUN_LENGTH) return true;
    if (space === -1) return false;
    from = space + 1;
  }
}

/**
 * Splits runs longer than {@link MAX_RUN_LENGTH} for wink-nlp by turning every
 * (MAX_RUN_LENGTH + 1)th character into a space (both halves of a surrogate pair), so the length,
 * and with it every offset, is unchanged; the replaced characters belong to no token.
 */
function breakLongRuns(text: string): string {
  if (!mayHaveLongRun(text)) return text;
  LONG_RUN.lastIndex = 0;
  if (!LONG_RUN.test(text)) return text;
  return text.replace(LONG_RUN, (run) => {
    const parts: string[] = [];
    let from = 0;
    while (run.length - from > MAX_RUN_LENGTH) {
      let cut = from + MAX_RUN_LENGTH;
      if (isLowSurrogate(run.charCodeAt(cut)) && isHighSurrogate(run.charCodeAt(cut - 1))) cut -= 1;
      const width = isHighSurrogate(run.charCodeAt(cut)) && isLowSurrogate(run.charCodeAt(cut + 1)) ? 2 : 1;
      parts.push(run.slice(from, cut), ' '.repeat(width));
      from = cut + width;
    }
    parts.push(run.slice(from));
    return parts.join('');
  });
}

/** A wink entity as token indices (end exclusive). */
export interface TokenEntity {
  start: number;
  end: number;
  type: EntityType;
}

/** Everything the pipeline needs from wink-nlp for one paragraph. Offsets are document offsets. */
export interface ParagraphTokens {
  tokens: Token[];
  /** True when the token is a word (not punctuation, number, emoji, ...). */
  isWord: boolean[];
  /** True when wink-nlp put the token in a negation scope. */
  negated: boolean[];
  /** Sentences as token index ranges [start, end). */
  sentences: Array<{ start: number; end: number }>;
  entities: TokenEntity[];
}

/**
 * Runs wink-nlp on one paragraph.
 *
 * @param text the paragraph's text
 * @param offset where the paragraph starts in the document (added to every token offset)
 */
export function readParagraph(text: string, offset: number): ParagraphTokens {
  const { its } = nlp();
  const standIn = latin1StandIn(text);
  const doc = nlp().readDoc(breakLongRuns(standIn));
  const tokensOf = doc.tokens();
  const values = tokensOf.out(its.value) as string[];
  const spaces = tokensOf.out(its.precedingSpaces) as string[];
  const pos = tokensOf.out(its.pos) as string[];
  const types = tokensOf.out(its.type) as string[];
  const negation = tokensOf.out(its.negationFlag) as unknown as boolean[];

  // wink emits line breaks and tabs as tokens of type "tabCRLF"; they are layout, not tokens,
  // so they are dropped and `kept[i]` counts the kept tokens before wink index i.
  const tokens: Token[] = [];
  const isWord: boolean[] = [];
  const negated: boolean[] = [];
  const kept: number[] = new Array(values.length + 1);
  let cursor = offset;
  for (let i = 0; i < values.length; i++) {
    kept[i] = tokens.length;
    cursor += spaces[i].length;
    const end = cursor + values[i].length;
    if (types[i] !== 'tabCRLF') {
      // Text from the original (not the stand-in wink saw); same length, so offsets agree. Without
      // stand-in letters wink's value is that text (its tokenizer is lossless, and breakLongRuns
      // only turns characters that end up in no token into spaces).
      const tokenText = standIn === text ? values[i] : text.slice(cursor - offset, end - offset);
      tokens.push({ text: tokenText, pos: pos[i], start: cursor, end });
      isWord.push(types[i] === 'word' || types[i] === 'alpha');
      negated.push(Boolean(negation[i]));
    }
    cursor = end;
  }
  kept[values.length] = tokens.length;
  // Inclusive wink index ranges become exclusive kept-token ranges.
  const sentenceSpans = doc.sentences().out(its.span) as unknown as Array<[number, number]>;
  const sentences: Array<{ start: number; end: number }> = [];
  for (const [first, last] of sentenceSpans) {
    if (kept[last + 1] > kept[first]) sentences.push({ start: kept[first], end: kept[last + 1] });
  }
  const joined = joinSentences(tokens, sentences, text, offset);

  const entitiesOf = doc.entities();
  const entitySpans = entitiesOf.out(its.span) as unknown as Array<[number, number]>;
  const entityTypes = entitiesOf.out(its.type) as string[];
  const entities: TokenEntity[] = [];
  for (let i = 0; i < entitySpans.length; i++) {
    const type = WINK_TYPES[entityTypes[i]];
    const start = kept[entitySpans[i][0]];
    const end = kept[entitySpans[i][1] + 1];
    if (type && end > start) entities.push({ start, end, type });
  }
  return { tokens, isWord, negated, sentences: joined, entities };
}
