/**
 * Sentiment arc: how the mood moves through the article, paragraph by paragraph, and the
 * document's magnitude.
 *
 * Magnitude follows Google Natural Language: the total absolute emotional content, here the sum
 * of |valence| over every scored word (AFINN units). It is not normalised, so a long article
 * that is strongly positive in one half and strongly negative in the other has a score near 0
 * but a large magnitude: score says which way, magnitude says how much.
 *
 * Smoothing: a centred moving average over `window` paragraphs, where `window` is the odd
 * number nearest to paragraphs / 8 (at least 1, at most 9), so a 40-paragraph feature shows its
 * shape rather than paragraph-to-paragraph noise while a short article is left as it is. At the
 * ends the window shrinks to the paragraphs that exist. O(n) with a running sum.
 */
import type { SentimentArc } from './types.ts';

/** Rounds to 4 decimals, like the other report numbers. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000 + 0;
}

/** Magnitude of a tally-like value: positive plus negative evidence. */
export function magnitudeOf(tally: { positiveSum: number; negativeSum: number }): number {
  return round4(tally.positiveSum + tally.negativeSum);
}

/** The moving-average window for `n` paragraphs (odd, 1..9). */
export function arcWindow(n: number): number {
  const raw = Math.max(1, Math.min(9, Math.round(n / 8)));
  return raw % 2 === 1 ? raw : raw + 1;
}

/** Centred moving average with a shrinking window at the ends. */
export function movingAverage(values: readonly number[], window: number): number[] {
  const half = (window - 1) / 2;
  const prefix = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) prefix[i + 1] = prefix[i] + values[i];
  return values.map((_, i) => {
    const from = Math.max(0, i - half);
    const to = Math.min(values.length, i + half + 1);
    return round4((prefix[to] - prefix[from]) / (to - from));
  });
}

/** Builds the arc from each paragraph's comparative score and magnitude. */
export function sentimentArc(
  paragraphs: ReadonlyArray<{ comparative: number; magnitude: number }>,
): SentimentArc {
  const comparative = paragraphs.map((p) => round4(p.comparative));
  const window = arcWindow(paragraphs.length);
  return {
    comparative,
    magnitude: paragraphs.map((p) => round4(p.magnitude)),
    smoothed: movingAverage(comparative, window),
    window,
  };
}
