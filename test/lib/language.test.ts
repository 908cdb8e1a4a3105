import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { francAll } from 'franc-min';
import { expressions as FRANC_SCRIPTS } from 'franc-min/expressions.js';
import { describe, expect, it } from 'vitest';
import {
  countCodePoints,
  countLetters,
  decideLanguage,
  detectLanguage,
  francTopLanguage,
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

describe("francTopLanguage: exactly franc-min's first answer", () => {
  const franc = (text: string, minLength: number) => francAll(text, { minLength })[0]?.[0];
  const SAMPLES = path.join(import.meta.dirname, '../../samples');

  it('on the windows the detector samples from prose, samples and mixed scripts', () => {
    const texts = [
      GERMAN,
      FRENCH,
      ENGLISH,
      'Наводнения вдоль Дуная вынудили тысячи людей покинуть свои дома.',
      'Powódź na Dunaju zmusiła tysiące ludzi do opuszczenia domów; minister obiecał pomoc.',
      '東京で大雨が降り、多くの人が避難しました。政府は支援を約束した。',
      '多瑙河沿岸的洪水迫使数千人离开家园。总理承诺提供快速援助。',
      'Οι πλημμύρες στον Δούναβη ανάγκασαν χιλιάδες ανθρώπους να εγκαταλείψουν τα σπίτια τους.',
      'बाढ़ ने हज़ारों लोगों को अपने घर छोड़ने पर मजबूर किया, सरकार ने मदद का वादा किया।',
      'Barnsley 3 Oxford 1 , Bolton 2 Norwich 0 , Crystal Palace 1 Ipswich 1 ( halftime 0-0 )',
      'SOCCER - JAPANESE TEAMS RESULTS . TOKYO 1996-08-30 Results of J-League matches on Friday',
      `${ENGLISH} ${GERMAN} Москва 2024 ${FRENCH}`,
      ...readdirSync(SAMPLES)
        .filter((name) => name.includes('.'))
        .map((name) => readFileSync(path.join(SAMPLES, name), 'utf8')),
    ];
    let compared = 0;
    for (const text of texts) {
      for (const window of [text, ...sampleWindows(text)]) {
        for (const minLength of [1, 20]) {
          expect(francTopLanguage(window, minLength), window.slice(0, 80)).toBe(franc(window, minLength));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('on arbitrary strings (property)', () => {
    const alphabet = fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyzäöüßéèàçñøåłśżčřő ABCXYZ  ,.;:!?-0123456789\n\tБДЖЯабвгдежзийκλμνξאבגدهوगघ가나中文ひらがなカタカナ🙂'.split(
        '',
      ),
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 400 }).map((chars) => chars.join('')),
        fc.integer({ min: 0, max: 30 }),
        (text, minLength) => francTopLanguage(text, minLength) === franc(text, minLength),
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});

describe('letter counting', () => {
  const text = fc
    .array(
      fc.oneof(
        fc.constantFrom(...'aZ09 ,.ßéłЖω中🙂Ⅻⅰªº\u0301\ud800\udc00'.split('')),
        fc.string({ unit: 'binary', maxLength: 3 }),
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join(''));

  it('counts what text.match(/…/gu) counts, lone surrogates and letter numbers included (property)', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(countLetters(t)).toBe(t.match(/\p{L}/gu)?.length ?? 0);
        expect(countCodePoints(t, /^\p{Script=Latin}$/u)).toBe(t.match(/\p{Script=Latin}/gu)?.length ?? 0);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it("relies on only Latin's franc expression matching ASCII, and only letters", () => {
    for (let c = 0; c < 0x80; c++) {
      const ch = String.fromCharCode(c);
      for (const [script, expression] of Object.entries(FRANC_SCRIPTS)) {
        const matches = (ch.match(expression)?.length ?? 0) > 0;
        expect(matches, `${script} ${c}`).toBe(script === 'Latin' && /[A-Za-z]/.test(ch));
      }
    }
  });
});
