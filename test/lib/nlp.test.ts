import { describe, expect, it } from 'vitest';
import model from 'wink-eng-lite-web-model';
import coreJson from 'wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json' with {
  type: 'json',
};
import winkNLP from 'wink-nlp';
import { loadCoreModel, readParagraph, WINK_PIPES } from '../../functions/lib/nlp.ts';

describe('readParagraph', () => {
  it('gives tokens exact document offsets (paragraph offset added)', () => {
    const text = 'Hello  world.\nSecond line here.';
    const p = readParagraph(text, 100);
    for (const token of p.tokens) expect(text.slice(token.start - 100, token.end - 100)).toBe(token.text);
  });

  it('drops line-break tokens and keeps sentence ranges on real tokens', () => {
    const p = readParagraph('A loss.\nIt was awful.', 0);
    expect(p.tokens.map((t) => t.text)).toEqual(['A', 'loss', '.', 'It', 'was', 'awful', '.']);
    expect(p.sentences).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 7 },
    ]);
  });

  it('keeps words with letters beyond Latin-1 whole (wink-nlp alone splits "Dvořák")', () => {
    const text = 'Dvořák met Jiří Bělohlávek in Łódź and Москва 😀.';
    const p = readParagraph(text, 0);
    expect(p.tokens.map((t) => t.text)).toEqual([
      'Dvořák',
      'met',
      'Jiří',
      'Bělohlávek',
      'in',
      'Łódź',
      'and',
      'Москва',
      '😀',
      '.',
    ]);
    expect(p.entities.map((e) => e.type)).toEqual(['EMOJI']);
  });

  it('marks negation scopes', () => {
    const p = readParagraph('It was not good at all.', 0);
    expect(p.negated[p.tokens.findIndex((t) => t.text === 'good')]).toBe(true);
  });
});

describe('loadCoreModel (wink core model without the deep copy)', () => {
  it("builds exactly what wink-eng-lite-web-model's own core loader builds", () => {
    const own = (model as unknown as { core: () => unknown }).core();
    expect(loadCoreModel()).toStrictEqual(own);
  });

  it('leaves the shared model JSON as it was, even after wink adds unknown words', () => {
    const before = JSON.stringify(coreJson);
    const nlp = winkNLP({ ...model, core: loadCoreModel } as typeof model, [...WINK_PIPES]);
    const doc = nlp.readDoc('Zqxwv blorfted the snargle at Qwpzville yesterday.');
    expect(doc.tokens().length()).toBeGreaterThan(5);
    expect(JSON.stringify(coreJson)).toBe(before);
  });
});
