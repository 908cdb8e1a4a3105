/**
 * Entity sentiment: how is X portrayed? Computed from textlens' own sentence scores (the
 * targeted-sentiment idea of Google's entity sentiment and Comprehend, without a second model).
 *
 * For each entity, the sentences that mention it are collected (a sentence mentioning it twice
 * counts once). `mean`, `min` and `max` are over those sentences' comparative scores.
 * `mostPositive` / `mostNegative` are the first mention in the highest / lowest scoring sentence,
 * present only when that sentence's comparative is above / below 0.
 *
 * Label (documented contract): `mixed` when the entity has both positive sentences (comparative
 * >= POSITIVE_THRESHOLD) and negative ones (<= -NEGATIVE_THRESHOLD) and the weaker side's total
 * is at least MIXED_RATIO of the stronger side's (the same ratio as span labels); otherwise
 * `positive` / `negative` / `neutral` from `mean` with the span thresholds.
 *
 * Cost: one binary search per mention over its paragraph's sentences.
 */
import { round4 } from './arc.ts';
import { MIXED_RATIO, NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD } from './sentiment.ts';
import type {
  DocumentEntity,
  EntitySentiment,
  EntitySentimentMention,
  ParagraphReport,
  SentenceReport,
  SentimentLabel,
} from './types.ts';

/** The sentence of `sentences` (sorted, disjoint) holding offset `at`, or the last one before it. */
export function sentenceAt(sentences: readonly SentenceReport[], at: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sentences[mid].start <= at) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found === -1 ? 0 : found;
}

/** Label of a set of sentence scores (rules in the module comment). */
export function entityLabel(comparatives: readonly number[], mean: number): SentimentLabel {
  let positive = 0;
  let negative = 0;
  for (const c of comparatives) {
    if (c >= POSITIVE_THRESHOLD) positive += c;
    else if (c <= -NEGATIVE_THRESHOLD) negative -= c;
  }
  if (
    positive > 0 &&
    negative > 0 &&
    Math.min(positive, negative) >= Math.max(positive, negative) * MIXED_RATIO
  ) {
    return 'mixed';
  }
  if (mean >= POSITIVE_THRESHOLD) return 'positive';
  if (mean <= -NEGATIVE_THRESHOLD) return 'negative';
  return 'neutral';
}

/** Sentiment of one entity from the paragraphs' sentence scores. */
export function entitySentiment(
  entity: Pick<DocumentEntity, 'mentions'>,
  paragraphs: readonly ParagraphReport[],
): EntitySentiment | undefined {
  // Sentences already counted, as paragraph * 2^24 + sentence index (exact below 2^53).
  const seen = new Set<number>();
  const comparatives: number[] = [];
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let mostPositive: EntitySentimentMention | undefined;
  let mostNegative: EntitySentimentMention | undefined;
  for (const mention of entity.mentions) {
    const paragraph = paragraphs[mention.paragraph];
    if (!paragraph || paragraph.sentences.length === 0) continue;
    const index = sentenceAt(paragraph.sentences, mention.start);
    const key = mention.paragraph * 16_777_216 + index;
    if (seen.has(key)) continue;
    seen.add(key);
    const sentence = paragraph.sentences[index];
    const comparative = sentence.sentiment.comparative;
    comparatives.push(comparative);
    sum += comparative;
    const withSentence = (): EntitySentimentMention => ({
      paragraph: mention.paragraph,
      start: mention.start,
      end: mention.end,
      sentence: { start: sentence.start, end: sentence.end },
      comparative,
    });
    if (comparative > max) {
      max = comparative;
      if (comparative > 0) mostPositive = withSentence();
    }
    if (comparative < min) {
      min = comparative;
      if (comparative < 0) mostNegative = withSentence();
    }
  }
  if (comparatives.length === 0) return undefined;
  const mean = round4(sum / comparatives.length);
  return {
    sentences: comparatives.length,
    mean,
    min: round4(min),
    max: round4(max),
    label: entityLabel(comparatives, mean),
    ...(mostPositive && { mostPositive }),
    ...(mostNegative && { mostNegative }),
  };
}
