/**
 * Sentiment stage: lexicon scoring of sentences, rolled up to paragraphs and the document.
 *
 * Word valences come from AFINN-165 (the `sentiment` package's English labels, -5..+5 per
 * word). Negation uses wink-nlp's negation scope (a negator such as "not" or "never" flips every
 * word up to the next punctuation), which is wider than AFINN's one-word look-back.
 *
 * Scores: `score` is the sum of word valences; `comparative` is `score / words` (words = word
 * tokens in the span, so roughly -5..+5, in practice -1..+1).
 *
 * Labels (documented contract):
 * - `mixed` when the span has both positive and negative evidence of at least
 *   {@link MIXED_MIN_SIDE} each and the weaker side is at least {@link MIXED_RATIO} of the
 *   stronger side;
 * - otherwise `positive` when `comparative >= POSITIVE_THRESHOLD`, `negative` when
 *   `comparative <= -NEGATIVE_THRESHOLD`, else `neutral`.
 */
import afinn from 'sentiment/languages/en/labels.json' with { type: 'json' };
import type { SentimentDetail, SentimentLabel, SentimentScore } from './types.ts';

const VALENCE: ReadonlyMap<string, number> = new Map(Object.entries(afinn as Record<string, number>));

/** Comparative score at or above which a span is positive. */
export const POSITIVE_THRESHOLD = 0.05;
/** Comparative score at or below whose negation a span is negative. */
export const NEGATIVE_THRESHOLD = 0.05;
/** Minimum absolute valence on each side for `mixed`. */
export const MIXED_MIN_SIDE = 3;
/** Weaker side / stronger side ratio from which a span with both sides is `mixed`. */
export const MIXED_RATIO = 0.6;

/** Raw sentiment evidence of a span, additive across spans. */
export interface SentimentTally {
  score: number;
  /** Number of word tokens (the denominator of `comparative`). */
  words: number;
  /** Sum of positive contributions (>= 0). */
  positiveSum: number;
  /** Sum of negative contributions as a positive number (>= 0). */
  negativeSum: number;
  positive: string[];
  negative: string[];
}

/** One token as the scorer sees it. */
export interface ScoredToken {
  /** Token text as written. */
  text: string;
  /** True when the token is a word (counts towards `words`). */
  isWord: boolean;
  /** True when wink-nlp put the token in a negation scope. */
  negated: boolean;
}

/** Scores one sentence (or any token run). */
export function scoreTokens(tokens: readonly ScoredToken[]): SentimentTally {
  const tally: SentimentTally = {
    score: 0,
    words: 0,
    positiveSum: 0,
    negativeSum: 0,
    positive: [],
    negative: [],
  };
  for (const token of tokens) {
    if (!token.isWord) continue;
    tally.words++;
    const lower = token.text.toLowerCase();
    let valence = VALENCE.get(lower);
    if (valence === undefined) continue;
    if (token.negated) valence = -valence;
    tally.score += valence;
    if (valence > 0) {
      tally.positiveSum += valence;
      tally.positive.push(lower);
    } else if (valence < 0) {
      tally.negativeSum -= valence;
      tally.negative.push(lower);
    }
  }
  return tally;
}

/** Adds tallies (sentences -> paragraph -> document). */
export function combineTallies(tallies: readonly SentimentTally[]): SentimentTally {
  const total: SentimentTally = {
    score: 0,
    words: 0,
    positiveSum: 0,
    negativeSum: 0,
    positive: [],
    negative: [],
  };
  for (const tally of tallies) {
    total.score += tally.score;
    total.words += tally.words;
    total.positiveSum += tally.positiveSum;
    total.negativeSum += tally.negativeSum;
    for (const word of tally.positive) total.positive.push(word);
    for (const word of tally.negative) total.negative.push(word);
  }
  return total;
}

/** Rounds to 4 decimals so reports are stable and readable. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000 + 0;
}

/** Chooses the label of a tally (thresholds in the module comment). */
export function labelFor(tally: SentimentTally): SentimentLabel {
  const strong = Math.max(tally.positiveSum, tally.negativeSum);
  const weak = Math.min(tally.positiveSum, tally.negativeSum);
  if (weak >= MIXED_MIN_SIDE && weak >= strong * MIXED_RATIO) return 'mixed';
  const comparative = tally.words === 0 ? 0 : tally.score / tally.words;
  if (comparative >= POSITIVE_THRESHOLD) return 'positive';
  if (comparative <= -NEGATIVE_THRESHOLD) return 'negative';
  return 'neutral';
}

/** Score, comparative and label of a tally. */
export function toScore(tally: SentimentTally): SentimentScore {
  return {
    score: round(tally.score),
    comparative: round(tally.words === 0 ? 0 : tally.score / tally.words),
    label: labelFor(tally),
  };
}

/** Score with the words that drove it (each list de-duplicated, in order of first appearance). */
export function toDetail(tally: SentimentTally): SentimentDetail {
  return {
    ...toScore(tally),
    positive: [...new Set(tally.positive)],
    negative: [...new Set(tally.negative)],
  };
}
