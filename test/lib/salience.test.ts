import { describe, expect, it } from 'vitest';
import { containsName, salienceOf } from '../../functions/lib/salience.ts';
import type { DocumentEntity, EntityType } from '../../functions/lib/types.ts';

function entity(text: string, type: EntityType, mentions: Array<[number, number]>): DocumentEntity {
  return {
    text,
    type,
    count: mentions.length,
    mentions: mentions.map(([paragraph, start]) => ({ paragraph, start, end: start + text.length })),
  };
}

const context = { textLength: 10_000, paragraphs: 10, title: 'Floods along the Danube' };

describe('salience', () => {
  it('in 0..1; more mentions, earlier, in the title and lead means more salient', () => {
    const danube = entity('Danube', 'LOCATION', [
      [1, 100],
      [3, 3000],
      [6, 6000],
    ]);
    const melk = entity('Melk', 'LOCATION', [[8, 8000]]);
    const [a, b] = salienceOf([danube, melk], context);
    expect(a).toBeGreaterThan(b);
    for (const v of [a, b]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('the title counts, including through an alias', () => {
    const plain = entity('Austria', 'LOCATION', [[5, 5000]]);
    const named = { ...entity('Republic of Austria', 'LOCATION', [[5, 5000]]), aliases: ['Danube'] };
    const [p, n] = salienceOf([plain, named], context);
    expect(n - p).toBeCloseTo(0.15, 5);
  });

  it('numbers and dates weigh less than names with the same mentions', () => {
    const name = entity('Vienna', 'LOCATION', [[2, 2000]]);
    const number = entity('12,000', 'CARDINAL', [[2, 2000]]);
    const [n, c] = salienceOf([name, number], context);
    expect(c).toBeCloseTo(n * 0.4, 3);
  });

  it('counts distinct paragraphs whatever the order of the mentions', () => {
    const ordered = entity('Danube', 'LOCATION', [
      [1, 100],
      [1, 150],
      [3, 3000],
      [6, 6000],
    ]);
    const shuffled = entity('Danube', 'LOCATION', [
      [6, 6000],
      [1, 150],
      [3, 3000],
      [1, 100],
    ]);
    const [a, b] = salienceOf([ordered, shuffled], context);
    expect(b).toBe(a);
    // 3 of 10 paragraphs: one more distinct paragraph would add 0.015.
    const [fewer] = salienceOf(
      [
        entity('Danube', 'LOCATION', [
          [1, 100],
          [1, 150],
          [1, 3000],
          [6, 6000],
        ]),
      ],
      context,
    );
    expect(a - fewer).toBeCloseTo(0.015, 5);
  });

  it('without a title the start of the first paragraph stands in', () => {
    const e = entity('Danube', 'LOCATION', [[3, 3000]]);
    const [withLead] = salienceOf([e], {
      textLength: 10_000,
      paragraphs: 10,
      firstParagraph: 'Danube floods',
    });
    const [without] = salienceOf([e], { textLength: 10_000, paragraphs: 10, firstParagraph: 'Rain' });
    expect(withLead - without).toBeCloseTo(0.15, 5);
  });

  it('matches whole words only, case-insensitively, with regex characters escaped', () => {
    expect(containsName('The US economy', 'US')).toBe(true);
    expect(containsName('A business update', 'US')).toBe(false);
    expect(containsName('Price of C++ (2024)', 'C++')).toBe(true);
    expect(containsName('anything', '')).toBe(false);
  });
});
