import { describe, expect, it } from 'vitest';
import {
  decideLanguage,
  detectLanguage,
  NON_ENGLISH_MIN_CONFIDENCE,
  sampleWindows,
  toLanguageCode,
} from '../../functions/lib/language.ts';

const GERMAN =
  'Die Hochwasser an der Donau haben tausende Menschen aus ihren Häusern vertrieben. Der Bundeskanzler ' +
  'besuchte am Dienstag die überflutete Stadt Melk und versprach schnelle Hilfe für die betroffenen Familien.';
const FRENCH =
  'Les inondations le long du Danube ont chassé des milliers de personnes de leurs maisons. Le chancelier a ' +
  'visité mardi la ville inondée de Melk et a promis une aide rapide aux familles touchées.';
const ENGLISH =
  'More than 12,000 people were evacuated from towns along the Danube on Tuesday after three days of heavy ' +
  'rain pushed the river to its highest level since 2013, officials said.';

describe('language detection', () => {
  it('detects English, German, French and Russian with ISO 639-1 codes', () => {
    expect(detectLanguage(ENGLISH).language).toBe('en');
    expect(detectLanguage(GERMAN)).toEqual({ language: 'de', confidence: 1 });
    expect(detectLanguage(FRENCH).language).toBe('fr');
    expect(detectLanguage('Наводнения вдоль Дуная вынудили тысячи людей покинуть свои дома.').language).toBe(
      'ru',
    );
  });

  it('maps ISO 639-3 to 639-1 and keeps codes without one', () => {
    expect(toLanguageCode('eng')).toBe('en');
    expect(toLanguageCode('cmn')).toBe('zh');
    expect(toLanguageCode('ceb')).toBe('ceb');
    expect(toLanguageCode('und')).toBe('und');
  });

  it('says und for text too short or without words, and then analyses as English', () => {
    for (const text of ['', 'Hello there.', '12345 67890 !!!', 'x'.repeat(100_000), '😀👍🎉']) {
      const decision = decideLanguage(text);
      expect(decision.detection).toEqual({ language: 'und', confidence: 0 });
      expect(decision).toMatchObject({ language: 'en', english: true });
    }
  });

  it('short Latin text gets reduced confidence and stays English', () => {
    const decision = decideLanguage('Der Hund schläft im Garten heute');
    expect(decision.detection.confidence).toBeLessThan(NON_ENGLISH_MIN_CONFIDENCE);
    expect(decision.english).toBe(true);
  });

  it('switches the English-only stages off only for confident non-English text', () => {
    expect(decideLanguage(GERMAN)).toMatchObject({ language: 'de', english: false });
    expect(decideLanguage(ENGLISH)).toMatchObject({ language: 'en', english: true });
  });

  it('a mostly English article with one foreign quote stays English', () => {
    const article = [ENGLISH, ENGLISH, ENGLISH, GERMAN, ENGLISH, ENGLISH, ENGLISH].join('\n\n');
    const decision = decideLanguage(article);
    expect(decision.language).toBe('en');
    expect(decision.detection.confidence).toBeGreaterThan(0.6);
    expect(decision.detection.confidence).toBeLessThan(1);
  });

  it('samples a bounded number of windows from any length', () => {
    const windows = sampleWindows(ENGLISH.repeat(20_000));
    expect(windows.length).toBeLessThanOrEqual(8);
    for (const w of windows) expect(w.length).toBeLessThan(500);
    expect(sampleWindows('short text')).toEqual(['short text']);
  });
});
