import { describe, expect, it } from 'vitest';
import {
  accumulateStatic,
  bestAllowedLabel,
  decodeFirstPass,
  decodeSecondPass,
  decodeSecondPassBeam,
  STATIC_WIDTH,
  staticScorerOf,
} from '../../../functions/lib/ner/decoder.ts';
import {
  CASE,
  CLUSTER_BITS,
  casingOf,
  clusterAt,
  FLAG,
  isHeadline,
  MAX_STATIC_FEATURES,
  prepareDocument,
  staticFeatures,
} from '../../../functions/lib/ner/features.ts';
import { featureId, fnv1a, hashNormalised } from '../../../functions/lib/ner/hash.ts';
import shipped from '../../../functions/lib/ner/model/ner.json' with { type: 'json' };
import {
  decodeModel,
  decodeSortedKeys,
  encodeSortedKeys,
  type SerializedModel,
} from '../../../functions/lib/ner/model.ts';

const noLists = { maskOf: () => 0 };
const toks = (text: string, pos = 'PROPN') => text.split(' ').map((t) => ({ text: t, pos }));

describe('hashing', () => {
  it('is deterministic and matches FNV-1a 32-bit reference values', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
    expect(featureId(3, 7, 9)).toBe(featureId(3, 7, 9));
    expect(featureId(3, 7, 9)).not.toBe(featureId(3, 9, 7));
  });
  it('normalises case, digits and typographic apostrophes', () => {
    expect(hashNormalised('Berlin')).toBe(hashNormalised('BERLIN'));
    expect(hashNormalised('1996')).toBe(hashNormalised('2001'));
    expect(hashNormalised('’s')).toBe(hashNormalised("'s"));
  });
});

describe('token preparation', () => {
  it('classifies casing', () => {
    expect(casingOf('Berlin')).toBe(CASE.title);
    expect(casingOf('NATO')).toBe(CASE.upper);
    expect(casingOf('iPhone')).toBe(CASE.mixed);
    expect(casingOf('the')).toBe(CASE.lower);
    expect(casingOf('B')).toBe(CASE.single);
    expect(casingOf('F-16')).toBe(CASE.alnum);
    expect(casingOf(',')).toBe(CASE.none);
  });
  it('detects ALL-CAPS and title-case headlines but not ordinary sentences', () => {
    const all = (s: string) => isHeadline(toks(s), 0, toks(s).length);
    expect(all('SOCCER - LEEDS WIN AT HOME')).toBe(true);
    expect(all('Storm Leaves Thousands Without Power in Texas')).toBe(true);
    expect(all('Angela Merkel met Apple executives in Berlin .')).toBe(false);
  });
  it('remembers lower-case and mid-sentence capitalised uses across the document', () => {
    const doc = prepareDocument(
      [toks('Coach said no'), toks('the coach left'), toks('They met Smith and his brother')],
      noLists,
    );
    expect(doc.flags[0] & FLAG.sentenceInitial).toBeTruthy();
    expect(doc.flags[0] & FLAG.seenLower).toBeTruthy();
    expect(doc.flags[8] & FLAG.seenCapitalisedMidSentence).toBeTruthy();
  });
});

describe('word clusters', () => {
  it('reads the coarse and middle clusters off a code as its path prefixes', () => {
    const [, midBits, fineBits] = CLUSTER_BITS;
    const path = (((3 << midBits) | 5) << fineBits) | 9;
    expect(clusterAt(path + 1, 2)).toBe(path + 1);
    expect(clusterAt(path + 1, 1)).toBe(1 + ((3 << midBits) | 5));
    expect(clusterAt(path + 1, 0)).toBe(1 + 3);
    expect(clusterAt(0, 0)).toBe(0);
    expect(clusterAt(0, 1)).toBe(0);
  });
  it('stores sorted keys as varint differences and reads them back exactly', () => {
    const keys = Uint32Array.from([0, 1, 127, 128, 300, 16_383, 16_384, 2 ** 31, 2 ** 32 - 2, 2 ** 32 - 1]);
    const bytes = encodeSortedKeys(keys);
    expect(bytes.length).toBeLessThan(keys.length * 4);
    expect([...decodeSortedKeys(bytes)]).toEqual([...keys]);
    expect(() => encodeSortedKeys(Uint32Array.from([5, 4]))).toThrow();
  });
  it('ships clusters that group related words and leave unknown words out', () => {
    const lists = decodeModel(shipped as SerializedModel).wordLists;
    const of = (word: string) => lists.clusterOf?.(hashNormalised(word)) ?? 0;
    expect(of('leeds')).toBeGreaterThan(0);
    expect(of('Sheffield')).toBe(of('leeds'));
    expect(clusterAt(of('monday'), 1)).toBe(clusterAt(of('friday'), 1));
    expect(clusterAt(of('monday'), 1)).not.toBe(clusterAt(of('leeds'), 1));
    expect(of('xqzvkw')).toBe(0);
  });
  it('gives words of different clusters different features', () => {
    const lists = { maskOf: () => 0, clusterOf: (h: number) => (h === hashNormalised('leeds') ? 77 : 0) };
    const doc = prepareDocument([toks('Leeds Zork')], lists);
    expect(doc.cluster[0]).toBe(77);
    expect(doc.cluster[1]).toBe(0);
    const a = new Uint32Array(MAX_STATIC_FEATURES);
    const b = new Uint32Array(MAX_STATIC_FEATURES);
    const n = staticFeatures(doc, 0, 0, 2, a);
    staticFeatures(prepareDocument([toks('Leeds Zork')], noLists), 0, 0, 2, b);
    expect(a.subarray(0, n)).toContain(featureId(72, 77));
    expect(b).not.toContain(featureId(72, 77));
  });
});

describe('decoding', () => {
  it('never starts a span with I-', () => {
    const scores = new Float32Array([0, 0, 5, 0, 0, 0, 0, 0, 0]);
    expect(bestAllowedLabel(scores, 0)).toBe(0);
    expect(bestAllowedLabel(scores, 1)).toBe(2);
  });
  it('beam search of width 1 is the greedy decoder, and wider beams keep BIO valid', () => {
    const model = decodeModel(shipped as SerializedModel);
    expect(model.beam?.width).toBeGreaterThan(1);
    const doc = prepareDocument(
      [
        toks('SAN FRANCISCO AT NEW YORK'),
        toks('Officials of the National Bank of Poland met Hun Sen in Phnom Penh on Monday .'),
        toks('Leeds beat Middlesbrough 2-1 at Elland Road .'),
      ],
      model.wordLists,
    );
    const staticScores = new Float32Array(doc.tokenCount * STATIC_WIDTH);
    const first = decodeFirstPass(doc, model.staticLayer, model.firstPass, staticScores);
    const greedy = decodeSecondPass(doc, model.secondPass, staticScores, first);
    const one = decodeSecondPassBeam(doc, model.secondPass, staticScores, first, {
      width: 1,
      temperature: 0.03,
      margin: 2,
    });
    expect([...one]).toEqual([...greedy]);
    for (const beam of [
      model.beam ?? { width: 4, temperature: 0.03, margin: 2 },
      { width: 8, temperature: 1, margin: 1e9 },
      { width: 4, temperature: 0.03, margin: 2, raw: !model.beam?.raw },
    ]) {
      const labels = decodeSecondPassBeam(doc, model.secondPass, staticScores, first, beam);
      for (let s = 0; s + 1 < doc.sentenceStarts.length; s++) {
        let previous = 0;
        for (let i = doc.sentenceStarts[s]; i < doc.sentenceStarts[s + 1]; i++) {
          const label = labels[i];
          if (label > 0 && label % 2 === 0) expect([label - 1, label]).toContain(previous);
          previous = label;
        }
      }
    }
  });
  it('the fast static scorer equals the plain sum over staticFeatures', () => {
    const model = decodeModel(shipped as SerializedModel);
    const doc = prepareDocument(
      [toks('Angela Merkel met Apple executives in Berlin .'), toks('SOCCER - LEEDS WIN AT HOME')],
      model.wordLists,
    );
    const scorer = staticScorerOf(model.staticLayer);
    const buffer = new Uint32Array(MAX_STATIC_FEATURES);
    for (let s = 0; s < 2; s++) {
      const from = doc.sentenceStarts[s];
      const to = doc.sentenceStarts[s + 1];
      for (let i = from; i < to; i++) {
        const fast = new Float32Array(STATIC_WIDTH);
        const plain = new Float32Array(STATIC_WIDTH);
        scorer.score(doc, i, from, to, fast, 0);
        accumulateStatic(model.staticLayer, buffer, staticFeatures(doc, i, from, to, buffer), plain, 0);
        for (let l = 0; l < STATIC_WIDTH; l++) expect(fast[l]).toBeCloseTo(plain[l], 3);
      }
    }
  });
});
