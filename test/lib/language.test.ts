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

describe('detectLanguage: the English function-word shortcut', () => {
  // Prose in languages that share a few short words with English must still reach franc.
  const prose: Record<string, string> = {
    de: 'Die Bundesregierung hat am Dienstag beschlossen, dass die Steuern im kommenden Jahr nicht erhöht werden. Der Finanzminister sagte, die Wirtschaft sei stabil und die Einnahmen seien höher als erwartet.',
    fr: "Le gouvernement a annoncé mardi que les impôts ne seraient pas augmentés l'année prochaine. Le ministre des Finances a déclaré que l'économie était stable et que les recettes étaient plus élevées que prévu.",
    es: 'El gobierno anunció el martes que los impuestos no subirán el próximo año. El ministro de Hacienda dijo que la economía es estable y que los ingresos son mayores de lo esperado.',
    nl: 'De regering heeft dinsdag besloten dat de belastingen volgend jaar niet worden verhoogd. De minister van Financiën zei dat de economie stabiel is en dat de inkomsten hoger zijn dan verwacht.',
    en: 'The government announced on Tuesday that taxes would not rise next year. The finance minister said the economy was stable and that revenue was higher than expected.',
  };
  for (const [language, text] of Object.entries(prose)) {
    it(`detects ${language}`, () => {
      expect(detectLanguage(text).language).toBe(language);
    });
  }
});
