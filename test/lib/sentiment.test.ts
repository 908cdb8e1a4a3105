import { describe, expect, it } from 'vitest';
import { analyze } from '../../functions/lib/analyze.ts';
import { readParagraph } from '../../functions/lib/nlp.ts';
import {
  combineTallies,
  labelFor,
  scoreText,
  scoreTokens,
  toDetail,
  toScore,
} from '../../functions/lib/sentiment.ts';
import { VALENCE } from '../../functions/lib/sentiment-lexicon.ts';

/** One sentence through scoreTokens, as analyze.ts builds the tokens. */
function score(text: string) {
  const p = readParagraph(text, 0);
  return scoreTokens(
    p.tokens.map((t, i) => ({ text: t.text, isWord: p.isWord[i], negated: p.negated[i], pos: t.pos })),
  );
}

const label = (text: string) => labelFor(scoreText(text));

describe('sentiment: words and negation', () => {
  it('scores positive and negative words', () => {
    expect(score('What a wonderful, happy day.').score).toBeGreaterThan(0);
    expect(score('A terrible, tragic disaster.').score).toBeLessThan(0);
  });

  it('flips negated words', () => {
    expect(score('The food was good.').score).toBeGreaterThan(0);
    expect(score('The food was not good.').score).toBeLessThan(0);
    expect(score('It was never a happy place.').score).toBeLessThan(0);
    expect(score("I don't like this phone.").score).toBeLessThan(0);
    expect(score('The soup was no longer warm.').score).toBeLessThan(0);
  });

  it('damps negated negatives: "not bad" is mildly positive, weaker than "good"', () => {
    const notBad = score('The hotel was not bad.').score;
    expect(notBad).toBeGreaterThan(0);
    expect(notBad).toBeLessThan(score('The hotel was good.').score);
    expect(score('We left without any problems.').score).toBeGreaterThan(0);
  });

  it('ends the negation scope at its head, at punctuation and after a few words', () => {
    // "not" negates "fix", not the object's adjective.
    expect(score('One good line can not fix a broken system.').negative).toContain('broken');
    expect(score('It does not look good.').score).toBeLessThan(0);
    expect(score('Not a problem, the staff were great.').score).toBeGreaterThan(0);
  });

  it('negates through "think"/"expect" to the clause they introduce', () => {
    expect(score("I don't think the sequel is great.").score).toBeLessThan(0);
    expect(score('The critics did not seem impressed at all.').score).toBeLessThan(0);
  });

  it('reads "anything but", "far from" and "could have been" as negations', () => {
    expect(score('The hotel was anything but clean.').score).toBeLessThan(0);
    expect(score('The plan is far from perfect.').score).toBeLessThan(0);
    expect(score('It could have been better.').score).toBeLessThan(0);
    expect(score("It could've been better.").score).toBeLessThan(0);
    expect(score('It should’ve been a win.').score).toBeLessThan(0);
    expect(score('It could have been worse.').score).toBeGreaterThan(0);
    // The counterfactual is not itself a complaint.
    expect(score('It could have been on Monday.').score).toBe(0);
  });

  it('reads waits and bills as figures where less is better', () => {
    expect(score('Latency fell by 85%.').score).toBeGreaterThan(0);
    expect(score('Energy bills rose again.').score).toBeLessThan(0);
    expect(score('Waiting times fell sharply.').score).toBeGreaterThan(0);
  });

  it('flips the verb after "failed to" / "refused to", else keeps the failure word', () => {
    const win = score('The team won.').score;
    expect(win).toBeGreaterThan(0);
    expect(score('The team failed to win.').score).toBeLessThan(0);
    expect(score('They refused to help.').score).toBeLessThan(0);
    // Nothing to flip: the failure is the complaint, scored once.
    expect(score('She failed to appear.').score).toBe(score('She failed.').score);
  });

  it('scores inflected verbs the lexicon lacks as their base, verbs only, with exceptions', () => {
    expect(score('The app crashed again.').score).toBeLessThan(0);
    expect(score('Critics slammed the plan.').score).toBeLessThan(0);
    // "fined" is no "fine"; weight-1 bases ("leave", "exclude") are not extended.
    expect(score('The bank was fined.').score).toBeLessThanOrEqual(0);
    expect(score('She leaves on Monday.').score).toBe(0);
    expect(score('Profit excluding items rose.').score).toBe(score('Profit rose.').score);
  });

  it('counts a bare negation as a mild complaint, except routine reporting', () => {
    expect(score('It did not work after two days.').score).toBeLessThan(0);
    expect(score('We will not be back.').score).toBeLessThan(0);
    expect(score('Financial terms of the deal were not disclosed.').score).toBe(0);
  });
});

describe('sentiment: modifiers and clauses', () => {
  it('intensifiers strengthen and diminishers weaken', () => {
    const good = score('The service was good.').score;
    expect(score('The service was very good.').score).toBeGreaterThan(good);
    expect(score('The service was extremely good.').score).toBeGreaterThan(
      score('The service was very good.').score,
    );
    expect(score('The service was slightly good.').score).toBeLessThan(good);
    expect(score('The service was slightly good.').score).toBeGreaterThan(0);
  });

  it('post-modifiers apply to the word before them ("fell sharply")', () => {
    expect(score('Sales fell sharply.').score).toBeLessThan(score('Sales fell.').score);
  });

  it('fewer and less reduce: "fewer complaints" is mild praise', () => {
    expect(score('Passengers made fewer complaints.').score).toBeGreaterThan(0);
  });

  it('the clause after "but"/"however" outweighs the one before', () => {
    expect(score('The screen is great but the battery is terrible.').score).toBeLessThan(0);
    expect(score('The screen is terrible but the battery is great.').score).toBeGreaterThan(0);
    expect(score('The start was awful, however the ending was wonderful.').score).toBeGreaterThan(0);
  });

  it('a concessive clause weighs less', () => {
    expect(score('Although the staff were friendly, the food was bad.').score).toBeLessThan(0);
  });

  it('exclamation marks amplify', () => {
    expect(score('This is great!').score).toBeGreaterThan(score('This is great.').score);
  });
});

describe('sentiment: news and finance vocabulary', () => {
  it('keeps stock vocabulary neutral', () => {
    expect(VALENCE.get('shares')).toBe(0);
    expect(score('The company has 40,000 shares outstanding.').score).toBe(0);
    expect(score('Brent crude was unchanged at $82.10 a barrel.').score).toBe(0);
  });

  it('scores market moves by direction', () => {
    expect(score('Shares plunged 20 % on Monday.').score).toBeLessThan(0);
    expect(score('Shares soared after the announcement.').score).toBeGreaterThan(0);
    expect(score('Net sales increased by 5 % to EUR 205 mn.').score).toBeGreaterThan(0);
    expect(score('Operating profit fell to EUR 3 mn.').score).toBeLessThan(0);
  });

  it('reads a fall in harms as good news', () => {
    expect(score('The vaccine reduced deaths by 90%.').score).toBeGreaterThan(0);
    expect(score('Crime fell for a third year.').score).toBeGreaterThan(0);
    expect(score('Deaths rose sharply in January.').score).toBeLessThan(0);
  });

  it('flips the direction for figures where less is better', () => {
    expect(score('The operating loss narrowed to EUR 2 mn.').score).toBeGreaterThan(0);
    expect(score('The net loss widened to EUR 9 mn.').score).toBeLessThan(0);
    expect(score('Costs rose by 12 %.').score).toBeLessThan(0);
    expect(score('The company reduced its losses.').score).toBeGreaterThan(0);
  });

  it('knows finance phrases and words', () => {
    expect(score('Quarterly results beat forecasts.').score).toBeGreaterThan(0);
    expect(score('The bank will cut jobs next year.').score).toBeLessThan(0);
    expect(score('The carmaker announced layoffs.').score).toBeLessThan(0);
    expect(score('The fund continues to outperform its peers.').score).toBeGreaterThan(0);
    expect(toDetail(score('Quarterly results beat forecasts.')).positive).toEqual(['beat forecasts']);
  });

  it('reads a hyphenated compound as one phrase, not a clause break ("weight-loss" is no loss)', () => {
    const headline = 'New weight-loss pill matches injections in large trial.';
    expect(scoreText(headline).score).toBe(0);
    const report = analyze(new TextEncoder().encode(headline), { key: 'a.txt' });
    expect(report.paragraphs[0].sentences[0].sentiment.score).toBe(0);
    // Without the mark, the hyphen ends the phrase and "loss" counts.
    expect(score(headline).score).toBeLessThan(0);
  });

  it('reads sport and travel pairs that are no opinion ("penalty spot", "after the break", "would like")', () => {
    expect(score('Kane scored from the penalty spot after the break.').score).toBe(0);
    expect(score('If you would like to submit a letter, write to us.').score).toBe(0);
    expect(score('The penalty was a joke.').score).toBeLessThan(0);
  });

  it('knows security and conflict news words', () => {
    // "popular" (+3) alone had made this headline positive.
    expect(
      score('Critical flaw in popular logging library lets attackers take over servers').score,
    ).toBeLessThan(0);
    expect(score('Hackers deployed ransomware against the hospital.').score).toBeLessThan(0);
    expect(score('Three people were wounded in airstrikes overnight.').score).toBeLessThan(0);
  });

  it('"like" as a preposition carries no sentiment', () => {
    expect(score('It looks like a train station.').score).toBe(0);
    expect(score('I like this train station.').score).toBeGreaterThan(0);
  });

  it('"work" as a noun carries no sentiment; the verb keeps its valence', () => {
    expect(score('Work will start in January.').score).toBe(0);
    expect(score('The new charger does not work.').score).toBeLessThan(0);
  });
});

describe('sentiment: labels and roll-up', () => {
  it('labels hand-written sentences', () => {
    expect(label('The meeting is on Tuesday.')).toBe('neutral');
    expect(label('The council published its budget for next year.')).toBe('neutral');
    expect(label('Residents praised the quick and generous response.')).toBe('positive');
    expect(label('The storm destroyed hundreds of homes and killed three people.')).toBe('negative');
    expect(label('The new bridge is a wonderful success.')).toBe('positive');
    expect(label('I would not recommend this restaurant.')).toBe('negative');
  });

  it('labels balanced strong evidence mixed', () => {
    expect(label('The acting was brilliant and wonderful, and the plot was terrible and awful.')).toBe(
      'mixed',
    );
  });

  it('reports the words that drove the score', () => {
    const detail = toDetail(score('Good news and bad news.'));
    expect(detail.positive).toContain('good');
    expect(detail.negative).toContain('bad');
  });

  it('combines tallies additively', () => {
    const total = combineTallies([score('Good.'), score('Bad.')]);
    expect(total.positive).toEqual(['good']);
    expect(total.negative).toEqual(['bad']);
    expect(total.words).toBe(2);
  });

  it('scoreText scores sentence by sentence, like the report', () => {
    const text = 'The food was great. The service was awful.';
    expect(scoreText(text).score).toBeCloseTo(
      score('The food was great.').score + score('The service was awful.').score,
    );
    expect(toScore(scoreText('')).label).toBe('neutral');
  });
});
