/**
 * Named-entity tagger: people, organisations, places, groups and other names.
 *
 * A two-pass averaged perceptron with hashed integer features (see `features.ts`,
 * `decoder.ts`) trained on CoNLL-2003 by `scripts/train-ner.ts`; the weights ship as
 * `model/ner.json` (see `model/MODEL_CARD.md`). Pure: no I/O, the model is a static JSON import
 * decoded lazily once per process.
 */
import type { NameType, Token } from '../types.ts';
import {
  decodeFirstPass as decodeFirstPass_,
  decodeSecondPass as decodeSecondPass_,
  decodeSecondPassBeam as decodeSecondPassBeam_,
  STATIC_WIDTH as STATIC_WIDTH_,
} from './decoder.ts';
import { GAZ, prepareDocument as prepareDocument_ } from './features.ts';
import { hashNormalised } from './hash.ts';
import shippedModel from './model/ner.json' with { type: 'json' };
import { decodeModel, type NerModel, type SerializedModel } from './model.ts';

// Module-local copies of hot imports (transpilers may turn imported bindings into getters).
const prepareDocument = prepareDocument_;

// Module-local copies of hot imports (transpilers may turn imported bindings into getters).
const decodeFirstPass = decodeFirstPass_;
const decodeSecondPass = decodeSecondPass_;
const decodeSecondPassBeam = decodeSecondPassBeam_;
const STATIC_WIDTH = STATIC_WIDTH_;

/** One sentence of the document to tag. */
export interface TaggerSentence {
  /** Index of the paragraph holding the sentence. */
  paragraph: number;
  tokens: readonly Token[];
}

/** A name found by the tagger: tokens [start, end) of sentence `sentence`. */
export interface NameSpan {
  /** Index into the `sentences` passed to `tagNames`. */
  sentence: number;
  /** First token index (inclusive). */
  start: number;
  /** Last token index + 1 (exclusive). */
  end: number;
  type: NameType;
}

/** CoNLL type index (label order PER, ORG, LOC, MISC) to report type; MISC may become GROUP. */
const TYPE_BY_INDEX: readonly NameType[] = ['PERSON', 'ORGANIZATION', 'LOCATION', 'MISC'];
const MISC_INDEX = 3;

let defaultModel: NerModel | undefined;

/** The shipped model, decoded on first use. */
function loadDefaultModel(): NerModel {
  defaultModel ??= decodeModel(shippedModel as SerializedModel);
  return defaultModel;
}

/**
 * Is a MISC span a GROUP? CoNLL's MISC mixes nationalities and religious/political groups
 * ("German", "Muslims", "Republicans") with events, products and works ("World Cup"). A span
 * is a GROUP when every word of it is a group word: a demonym (compromise's demonyms plus the
 * language names of countries-list, which are mostly demonyms), or a religious or political
 * group word (hand-written list), in singular or plural. So "Bosnian Serbs" is a GROUP while
 * "Australian Open" and "German Cup" stay MISC.
 */
export function isGroupSpan(tokens: readonly { text: string }[], groupWords: ReadonlySet<string>): boolean {
  if (tokens.length === 0) return false;
  for (const token of tokens) {
    const word = token.text.toLowerCase().replace(/[’']s$/, '');
    if (groupWords.has(word)) continue;
    if (word.length > 3 && word.endsWith('s') && groupWords.has(word.slice(0, -1))) continue;
    return false;
  }
  return true;
}

/**
 * Tags a document with an explicit model (used by training and evaluation scripts to try models
 * that are not shipped). See `tagNames`.
 */
export function tagNamesWithModel(model: NerModel, sentences: readonly TaggerSentence[]): NameSpan[] {
  const tokenLists = sentences.map((s) => s.tokens);
  const doc = prepareDocument(tokenLists, model.wordLists);
  if (doc.tokenCount === 0) return [];
  const staticScores = new Float32Array(doc.tokenCount * STATIC_WIDTH);
  const firstPass = decodeFirstPass(doc, model.staticLayer, model.firstPass, staticScores);
  const labels =
    model.beam && model.beam.width > 1
      ? decodeSecondPassBeam(doc, model.secondPass, staticScores, firstPass, model.beam)
      : decodeSecondPass(doc, model.secondPass, staticScores, firstPass);
  const spans: NameSpan[] = [];
  for (let s = 0; s < sentences.length; s++) {
    const from = doc.sentenceStarts[s];
    const to = doc.sentenceStarts[s + 1];
    for (let i = from; i < to; i++) {
      const label = labels[i];
      if (label === 0 || tokenLists[s][i - from].text === ',') continue;
      // Decoding only allows I-X after B-X/I-X, so a span starts with a B label, or with the
      // I label after a comma that ended the span before.
      let end = i + 1;
      // A name does not run on across a comma ("In the U.S. Congress, A. Smith spoke" gave one
      // ORGANIZATION "Congress, A. Smith"): the span ends before it (the labels are decoded
      // left to right, so what follows the comma keeps the type it was given).
      while (
        end < to &&
        labels[end] === (label % 2 === 1 ? label + 1 : label) &&
        tokenLists[s][end - from].text !== ','
      )
        end++;
      const typeIndex = (label - 1) >> 1;
      let type = TYPE_BY_INDEX[typeIndex];
      if (
        typeIndex === MISC_INDEX &&
        isGroupSpan(tokenLists[s].slice(i - from, end - from), model.groupWords)
      ) {
        type = 'GROUP';
      }
      let start = i - from;
      if (
        type !== 'PERSON' &&
        type !== 'GROUP' &&
        startsWithTitledName(model, tokenLists[s], start, end - from)
      )
        type = 'PERSON';
      if (type === 'PERSON') start = skipLeadingTitles(tokenLists[s], start, end - from);
      // A name has at least one letter: a lone "&" or "·" tagged inside a byline is noise.
      if (hasLetter(tokenLists[s], start, end - from))
        spans.push({ sentence: s, start, end: end - from, type });
      i = end - 1;
    }
  }
  return spans;
}

/**
 * Titles and honorifics that precede a name but are not part of it (CoNLL-2003's convention,
 * and what a reader expects: "Mayor Hanna Zdanowska" is the person "Hanna Zdanowska").
 */
const PERSON_TITLES = new Set(
  (
    'mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend father sister brother ' +
    'president vice chancellor premier minister secretary mayor governor senator sen rep ' +
    'congressman congresswoman judge justice ambassador general gen colonel col major captain capt ' +
    'lieutenant lt sergeant sgt admiral commander chief officer inspector detective coach manager ' +
    'chairman chairwoman ceo king queen prince princess pope cardinal bishop rabbi imam sheikh ' +
    'conductor singer guitarist striker midfielder defender goalkeeper'
  ).split(' '),
);

const LETTER = /\p{L}/u;

/** True when any token of [start, end) contains a letter. */
function hasLetter(tokens: readonly { text: string }[], start: number, end: number): boolean {
  for (let t = start; t < end; t++) if (LETTER.test(tokens[t].text)) return true;
  return false;
}

/**
 * Is the span a title followed by a first name ("Mayor Hanna Zdanowska")? CoNLL-2003 never
 * includes titles in names, so a span that starts like this is a person however pass 2 typed
 * it (sentence-initial "Mayor Hanna Zdanowska" came out as an ORGANIZATION).
 */
function startsWithTitledName(
  model: NerModel,
  tokens: readonly { text: string }[],
  start: number,
  end: number,
): boolean {
  let first = start;
  while (first < end && PERSON_TITLES.has(tokens[first].text.toLowerCase().replace(/\.$/, ''))) first++;
  if (first === start || end - first < 1) return false;
  return (model.wordLists.maskOf(hashNormalised(tokens[first].text)) & (1 << GAZ.firstName)) !== 0;
}

/** Moves a PERSON span's start past leading title words, keeping at least one token. */
function skipLeadingTitles(tokens: readonly { text: string }[], start: number, end: number): number {
  let first = start;
  while (end - first > 1 && PERSON_TITLES.has(tokens[first].text.toLowerCase().replace(/\.$/, ''))) first++;
  return first;
}

/**
 * Tags every name in a document (all its sentences, in order, so that document memory can use
 * every mention). Returns spans in document order. Pure; loads the model lazily once per process.
 */
export function tagNames(sentences: readonly TaggerSentence[]): NameSpan[] {
  return tagNamesWithModel(loadDefaultModel(), sentences);
}
