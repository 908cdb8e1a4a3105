import { describe, expect, it } from 'vitest';
import { readParagraph } from '../../functions/lib/nlp.ts';

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
