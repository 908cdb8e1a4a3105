import { describe, expect, it } from 'vitest';
import { evaluateUci, hasSentimentData, textlensScorer } from '../../scripts/lib/sentiment-eval.ts';

/** UCI mean accuracy measured for the shipped scorer (npm run eval:sentiment), in percent. */
const MEASURED_UCI_MEAN = 83.1;

describe.skipIf(!hasSentimentData())('sentiment evaluation (UCI, ../shared/data)', () => {
  it(`UCI mean accuracy stays within one point of ${MEASURED_UCI_MEAN}`, () => {
    const result = evaluateUci(textlensScorer);
    expect(result.mean).toBeGreaterThanOrEqual(MEASURED_UCI_MEAN - 1);
  });
});
