import { describe, expect, it } from 'vitest';
import { entityLabel, entitySentiment, sentenceAt } from '../../functions/lib/entity-sentiment.ts';
import type { ParagraphReport, SentenceReport } from '../../functions/lib/types.ts';

function sentence(start: number, end: number, comparative: number): SentenceReport {
  return { start, end, sentiment: { score: comparative * 10, comparative, label: 'neutral' } };
}

function paragraph(index: number, sentences: SentenceReport[]): ParagraphReport {
  const start = sentences[0].start;
  const end = sentences[sentences.length - 1].end;
  return {
    index,
    start,
    end,
    text: 'x'.repeat(end - start),
    sentences,
    entities: [],
    sentiment: { score: 0, comparative: 0, label: 'neutral', positive: [], negative: [] },
  };
}

const paragraphs = [
  paragraph(0, [sentence(0, 50, 0.4), sentence(51, 100, -0.2)]),
  paragraph(1, [sentence(102, 150, 0), sentence(151, 200, -0.5)]),
];

describe('entity sentiment', () => {
  it('finds the sentence holding an offset', () => {
    const s = paragraphs[0].sentences;
    expect(sentenceAt(s, 0)).toBe(0);
    expect(sentenceAt(s, 49)).toBe(0);
    expect(sentenceAt(s, 60)).toBe(1);
  });

  it('mean, range, most positive and most negative mention over distinct sentences', () => {
    const result = entitySentiment(
      {
        mentions: [
          { paragraph: 0, start: 5, end: 10 },
          { paragraph: 0, start: 20, end: 25 }, // same sentence: counted once
          { paragraph: 0, start: 60, end: 65 },
          { paragraph: 1, start: 160, end: 165 },
        ],
      },
      paragraphs,
    );
    expect(result).toEqual({
      sentences: 3,
      mean: -0.1,
      min: -0.5,
      max: 0.4,
      label: 'negative', // positive side 0.4 < 0.6 x negative side 0.7: not mixed
      mostPositive: { paragraph: 0, start: 5, end: 10, sentence: { start: 0, end: 50 }, comparative: 0.4 },
      mostNegative: {
        paragraph: 1,
        start: 160,
        end: 165,
        sentence: { start: 151, end: 200 },
        comparative: -0.5,
      },
    });
  });

  it('no most-positive quote when no sentence is positive', () => {
    const result = entitySentiment({ mentions: [{ paragraph: 1, start: 110, end: 115 }] }, paragraphs);
    expect(result).toMatchObject({ sentences: 1, mean: 0, min: 0, max: 0, label: 'neutral' });
    expect(result?.mostPositive).toBeUndefined();
    expect(result?.mostNegative).toBeUndefined();
  });

  it('labels: mixed needs both sides in proportion, otherwise the mean decides', () => {
    expect(entityLabel(0.4, 0.3, 0.05)).toBe('mixed');
    expect(entityLabel(0.4, 0.1, 0.15)).toBe('positive');
    expect(entityLabel(0, 0.4, -0.2)).toBe('negative');
    expect(entityLabel(0, 0, 0.005)).toBe('neutral');
  });

  it('undefined when no mention falls in a paragraph with sentences', () => {
    expect(entitySentiment({ mentions: [{ paragraph: 7, start: 0, end: 1 }] }, paragraphs)).toBeUndefined();
  });
});
