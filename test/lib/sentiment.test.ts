import { describe, expect, it } from 'vitest';
import { readParagraph } from '../../functions/lib/nlp.ts';
import { combineTallies, labelFor, scoreTokens, toDetail } from '../../functions/lib/sentiment.ts';

function score(text: string) {
  const p = readParagraph(text, 0);
  return scoreTokens(p.tokens.map((t, i) => ({ text: t.text, isWord: p.isWord[i], negated: p.negated[i] })));
}

describe('sentiment', () => {
  it('scores positive and negative words', () => {
    expect(score('What a wonderful, happy day.').score).toBeGreaterThan(0);
    expect(score('A terrible, tragic disaster.').score).toBeLessThan(0);
  });

  it('flips negated words', () => {
    expect(score('The food was good.').score).toBeGreaterThan(0);
    expect(score('The food was not good.').score).toBeLessThan(0);
    expect(score('It was never a happy place.').score).toBeLessThan(0);
  });

  it('reports the words that drove the score', () => {
    const detail = toDetail(score('Good news and bad news.'));
    expect(detail.positive).toContain('good');
    expect(detail.negative).toContain('bad');
  });

  it('labels neutral text neutral and balanced strong text mixed', () => {
    expect(labelFor(score('The meeting is on Tuesday.'))).toBe('neutral');
    expect(
      labelFor(score('The acting was brilliant and wonderful, and the plot was terrible and awful.')),
    ).toBe('mixed');
  });

  it('combines tallies additively', () => {
    const total = combineTallies([score('Good.'), score('Bad.')]);
    expect(total.positive).toEqual(['good']);
    expect(total.negative).toEqual(['bad']);
    expect(total.words).toBe(2);
  });
});
