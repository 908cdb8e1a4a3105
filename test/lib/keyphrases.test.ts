import { describe, expect, it } from 'vitest';
import { extractKeyPhrases, KEY_PHRASE_LIMIT, singular } from '../../functions/lib/keyphrases.ts';
import { readParagraph } from '../../functions/lib/nlp.ts';
import { segmentParagraphs } from '../../functions/lib/segment.ts';

function phrasesOf(text: string) {
  const paragraphs = segmentParagraphs(text).map((span, index) => {
    const nlp = readParagraph(text.slice(span.start, span.end), span.start);
    return { index, tokens: nlp.tokens, sentences: nlp.sentences };
  });
  return extractKeyPhrases(paragraphs, text);
}

const ARTICLE = `Heavy rain caused flood warnings across the region on Tuesday.

The flood warnings were lifted after the heavy rain stopped. Emergency aid reached the flooded towns.

Chancellor Karl Nehammer promised more emergency aid and a new flood warning system.`;

describe('key phrases', () => {
  it('does not take the magnitude written onto an amount as a noun ("£4.5m harbour plan")', () => {
    const texts = phrasesOf(
      'Council approves £4.5m harbour plan.\n\nThe £4.5m harbour plan passed. A 20km harbour plan.',
    ).map((p) => p.text);
    expect(texts).toContain('harbour plan');
    expect(texts.filter((t) => /^(m|km) /.test(t))).toEqual([]);
  });

  it('keeps name particles and slashed pieces out of phrases ("Ursula von der", "T launchers")', () => {
    const texts = phrasesOf(
      'Ursula von der Leyen, president of the Commission, spoke. Later von der Leyen wrote to France, which sends SAMP/T launchers. The launchers arrive soon.',
    ).map((p) => p.text);
    expect(texts.filter((t) => /\b(?:von|der)\b|^T /.test(t))).toEqual([]);
    expect(texts).toContain('launchers');
  });

  it('leaves out a phrase inside a name, keeps one that goes beyond it ("NATO allies")', () => {
    const text =
      'Experts at Yale School of Medicine and NATO allies met. Yale School of Medicine and NATO allies agreed.';
    const nlp = readParagraph(text, 0);
    const names = [...text.matchAll(/Yale School of Medicine|NATO/g)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
    }));
    const paragraph = { index: 0, tokens: nlp.tokens, sentences: nlp.sentences };
    const texts = (withNames: boolean) =>
      extractKeyPhrases([withNames ? { ...paragraph, names } : paragraph], text).map((p) => p.text);
    expect(texts(false)).toContain('Yale School');
    expect(texts(true)).not.toContain('Yale School');
    expect(texts(true)).toContain('NATO allies');
  });

  it('does not start a phrase inside a name it runs out of ("Lane surface car park")', () => {
    const text =
      'The council will close the Mill Lane surface car park. The surface car park has 112 spaces.';
    const nlp = readParagraph(text, 0);
    const names = [...text.matchAll(/Mill Lane/g)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
    }));
    const texts = extractKeyPhrases(
      [{ index: 0, tokens: nlp.tokens, sentences: nlp.sentences, names }],
      text,
    ).map((p) => p.text);
    expect(texts.filter((t) => t.startsWith('Lane'))).toEqual([]);
    expect(texts).toContain('surface car park');
  });

  it('leaves out roles at named places and when-phrases ("Arsenal manager", "12th minute")', () => {
    const texts = phrasesOf(
      '"We were brilliant today," said Arsenal manager Mikel Arteta. City boss Pep Guardiola praised the curling shot in the 12th minute, the first time he had. ' +
        'The Arsenal manager spoke today. The curling shot came in the 12th minute, for the first time.',
    ).map((p) => p.text);
    expect(texts.filter((t) => /manager|boss|today|minute|first time/.test(t))).toEqual([]);
    const court = phrasesOf(
      'His lawyers asked the court in Manhattan last month to order a new trial. The court in Manhattan last month refused a new trial.',
    ).map((p) => p.text);
    expect(court.filter((t) => /last month/.test(t))).toEqual([]);
    expect(court).toContain('new trial');
    expect(texts).toContain('curling shot');
    // Round 7: a C-suite title, a weekday's evening and the whole world are no topics.
    const fire = phrasesOf(
      'The fire had burned 12,000 acres by Tuesday evening, said the chief technology officer. The fire burned by Tuesday evening across the world, ' +
        'the chief technology officer said. The world watched the fire.',
    ).map((p) => p.text);
    expect(fire.filter((t) => /officer|evening|^world$/.test(t))).toEqual([]);
    expect(fire).toContain('fire');
  });

  it('leaves pieces of a written address out of phrases ("visit www")', () => {
    const texts = phrasesOf(
      'For more information, visit www.greenfieldbank.example today. Or visit www.greenfieldbank.example later.',
    ).map((p) => p.text);
    expect(texts.filter((t) => /www|greenfieldbank/.test(t))).toEqual([]);
  });

  it('leaves units after a number out of phrases ("38 ms", "11 seconds")', () => {
    const texts = phrasesOf(
      'Cold starts took 38 ms. Then 40 ms, then 11 seconds, then 12 seconds. The 3,008 MB function had 512 MB later.',
    ).map((p) => p.text);
    expect(texts.filter((t) => /^(?:ms|seconds?|MB)$/.test(t))).toEqual([]);
  });

  it('keeps hyphenated words whole in a phrase ("supply-chain delays", "two-year-old start-up")', () => {
    const texts = phrasesOf(
      'The Oslo-based maker blamed supply-chain delays for the full-year profit forecast cut. ' +
        'The two-year-old start-up filed a 46-page ruling.',
    ).map((p) => p.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'supply-chain delays',
        'full-year profit forecast',
        'two-year-old start-up',
        '46-page ruling',
      ]),
    );
    expect(texts.filter((t) => /^(chain|year|old|page) /.test(t))).toEqual([]);
  });

  it("counts a headline's phrases only when the body has them (headline verbs get noun tags)", () => {
    const texts = phrasesOf(
      "Judge blocks state's new voter ID law\n\nA judge blocked the voter ID law on Thursday. The voter ID law was signed in June.",
    );
    const law = texts.find((p) => p.text === 'voter ID law');
    expect(law?.count).toBe(3);
    expect(texts.map((p) => p.text).filter((t) => t.includes('blocks'))).toEqual([]);
  });

  it('leaves job titles out ("chief executive", "health minister") but keeps their subjects', () => {
    const texts = phrasesOf(
      'The chief executive said energy prices rose. The health minister blamed energy prices. ' +
        'The chief executive agreed with the health minister on energy.',
    ).map((p) => p.text);
    expect(texts).toContain('energy prices');
    expect(texts.filter((t) => t === 'chief executive' || t === 'health minister')).toEqual([]);
  });

  it('finds recurring noun phrases, groups plurals, ranks them', () => {
    const phrases = phrasesOf(ARTICLE);
    const texts = phrases.map((p) => p.text.toLowerCase());
    expect(texts).toEqual(expect.arrayContaining(['heavy rain', 'flood warnings', 'emergency aid']));
    const warning = phrases.find((p) => p.text.toLowerCase() === 'flood warnings');
    expect(warning?.count).toBe(2);
    expect(phrases[0].score).toBe(1);
    for (let i = 1; i < phrases.length; i++)
      expect(phrases[i].score).toBeLessThanOrEqual(phrases[i - 1].score);
  });

  it('mentions slice to the phrase (white space collapsed) and carry paragraph indexes', () => {
    for (const phrase of phrasesOf(ARTICLE)) {
      for (const m of phrase.mentions) {
        const key = (t: string) => singular(t.replace(/\s+/g, ' ').toLowerCase());
        expect(key(ARTICLE.slice(m.start, m.end))).toBe(key(phrase.text));
        expect(m.paragraph).toBeGreaterThanOrEqual(0);
        expect(m.paragraph).toBeLessThan(3);
      }
    }
  });

  it('leaves pure names to the entity stage and drops "more" and one-off single nouns', () => {
    const texts = phrasesOf(ARTICLE).map((p) => p.text.toLowerCase());
    expect(texts).not.toContain('chancellor karl nehammer');
    expect(texts.some((t) => t.startsWith('more '))).toBe(false);
    expect(texts).not.toContain('region');
  });

  it('hard-wrapped phrases report collapsed white space', () => {
    const phrases = phrasesOf('The local\nfootball club opened. The local football club helped.');
    expect(phrases.map((p) => p.text)).toContain('local football club');
  });

  it('limits the list and handles empty input', () => {
    expect(phrasesOf('')).toEqual([]);
    const many = Array.from({ length: 40 }, (_, i) => `The red${i} apple${i} fell.`).join(' ');
    expect(phrasesOf(many).length).toBeLessThanOrEqual(KEY_PHRASE_LIMIT);
  });

  it('singular', () => {
    expect(singular('warnings')).toBe('warning');
    expect(singular('cities')).toBe('city');
    expect(singular('bus')).toBe('bus');
    expect(singular('analysis')).toBe('analysis');
    expect(singular('class')).toBe('class');
  });
});
