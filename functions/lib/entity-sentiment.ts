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
  EntityMention,
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

/** Label from the positive and negative mass of the sentence scores and their mean. */
export function entityLabel(positive: number, negative: number, mean: number): SentimentLabel {
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

/**
 * Additive evidence behind an entity's sentiment: two sets of mentions in different sentences
 * (different blocks of a large document) combine with {@link addSentimentStats}.
 */
export interface SentimentStats {
  /** Distinct sentences counted. */
  sentences: number;
  /** Sum of their comparative scores. */
  sum: number;
  /** Sum of the comparatives >= the positive threshold. */
  positive: number;
  /** Sum of |comparative| of those <= minus the negative threshold. */
  negative: number;
  min: number;
  max: number;
  mostPositive?: EntitySentimentMention;
  mostNegative?: EntitySentimentMention;
}

/** A mention with the sentence it is in (a new object: a block's offsets are shifted in place). */
function withSentence(mention: EntityMention, sentence: SentenceReport): EntitySentimentMention {
  return {
    paragraph: mention.paragraph,
    start: mention.start,
    end: mention.end,
    sentence: { start: sentence.start, end: sentence.end },
    comparative: sentence.sentiment.comparative,
  };
}

/** Collects the sentences mentioning an entity, each counted once. */
export function entitySentimentStats(
  mentions: readonly EntityMention[],
  paragraphAt: (index: number) => ParagraphReport | undefined,
): SentimentStats {
  // Sentences already counted, as paragraph * 2^24 + sentence index (exact below 2^53).
  const seen = new Set<number>();
  const stats: SentimentStats = {
    sentences: 0,
    sum: 0,
    positive: 0,
    negative: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
  };
  for (const mention of mentions) {
    const paragraph = paragraphAt(mention.paragraph);
    if (!paragraph || paragraph.sentences.length === 0) continue;
    const index = sentenceAt(paragraph.sentences, mention.start);
    const key = mention.paragraph * 16_777_216 + index;
    if (seen.has(key)) continue;
    seen.add(key);
    const sentence = paragraph.sentences[index];
    const comparative = sentence.sentiment.comparative;
    stats.sentences++;
    stats.sum += comparative;
    if (comparative >= POSITIVE_THRESHOLD) stats.positive += comparative;
    else if (comparative <= -NEGATIVE_THRESHOLD) stats.negative -= comparative;
    if (comparative > stats.max) {
      stats.max = comparative;
      if (comparative > 0) stats.mostPositive = withSentence(mention, sentence);
    }
    if (comparative < stats.min) {
      stats.min = comparative;
      if (comparative < 0) stats.mostNegative = withSentence(mention, sentence);
    }
  }
  return stats;
}

/** Combines evidence from disjoint sets of sentences (ties keep the earlier, `a`). */
export function addSentimentStats(a: SentimentStats, b: SentimentStats): SentimentStats {
  const mostPositive = b.max > a.max ? b.mostPositive : (a.mostPositive ?? b.mostPositive);
  const mostNegative = b.min < a.min ? b.mostNegative : (a.mostNegative ?? b.mostNegative);
  return {
    sentences: a.sentences + b.sentences,
    sum: a.sum + b.sum,
    positive: a.positive + b.positive,
    negative: a.negative + b.negative,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    ...(mostPositive && { mostPositive }),
    ...(mostNegative && { mostNegative }),
  };
}

/** The report's entity sentiment; `undefined` when no sentence with a score mentions it. */
export function toEntitySentiment(stats: SentimentStats): EntitySentiment | undefined {
  if (stats.sentences === 0) return undefined;
  const mean = round4(stats.sum / stats.sentences);
  return {
    sentences: stats.sentences,
    mean,
    min: round4(stats.min),
    max: round4(stats.max),
    label: entityLabel(stats.positive, stats.negative, mean),
    ...(stats.mostPositive && { mostPositive: stats.mostPositive }),
    ...(stats.mostNegative && { mostNegative: stats.mostNegative }),
  };
}

/** Sentiment of one entity from the paragraphs' sentence scores. */
export function entitySentiment(
  entity: Pick<DocumentEntity, 'mentions'>,
  paragraphs: readonly ParagraphReport[],
): EntitySentiment | undefined {
  return toEntitySentiment(entitySentimentStats(entity.mentions, (i) => paragraphs[i]));
}
