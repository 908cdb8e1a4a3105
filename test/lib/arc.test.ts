import { describe, expect, it } from 'vitest';
import { arcWindow, magnitudeOf, movingAverage, sentimentArc } from '../../functions/lib/arc.ts';

describe('sentiment arc', () => {
  it('window: 1 for short articles, odd and at most 9 for long ones', () => {
    expect(arcWindow(0)).toBe(1);
    expect(arcWindow(6)).toBe(1);
    expect(arcWindow(16)).toBe(3);
    expect(arcWindow(40)).toBe(5);
    expect(arcWindow(10_000)).toBe(9);
    for (let n = 0; n < 200; n++) expect(arcWindow(n) % 2).toBe(1);
  });

  it('moving average shrinks at the ends', () => {
    expect(movingAverage([1, 2, 3, 4, 5], 3)).toEqual([1.5, 2, 3, 4, 4.5]);
    expect(movingAverage([1, -1], 1)).toEqual([1, -1]);
    expect(movingAverage([], 3)).toEqual([]);
  });

  it('builds one point per paragraph', () => {
    const arc = sentimentArc([
      { comparative: 0.2, magnitude: 3 },
      { comparative: -0.1, magnitude: 5 },
    ]);
    expect(arc).toEqual({ comparative: [0.2, -0.1], magnitude: [3, 5], smoothed: [0.2, -0.1], window: 1 });
  });

  it('magnitude adds both sides: a balanced text has score 0 but a large magnitude', () => {
    expect(magnitudeOf({ positiveSum: 12, negativeSum: 12 })).toBe(24);
    expect(magnitudeOf({ positiveSum: 0, negativeSum: 0 })).toBe(0);
  });
});
