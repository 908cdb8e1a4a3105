import { describe, expect, it } from 'vitest';
import { readSpans } from '../../functions/lib/split.ts';

describe('readSpans', () => {
  it('reads a paragraph under the limit as one span, not split', () => {
    const text = 'One sentence. Another one.';
    const [span, ...rest] = readSpans(text, { start: 0, end: text.length }, 100);
    expect(rest).toEqual([]);
    expect(span).toMatchObject({ start: 0, end: text.length, split: false });
    expect(span.nlp.sentences).toHaveLength(2);
  });

  it('cuts a long paragraph before the last sentence of each window, keeping token offsets', () => {
    const text = 'Alpha went home. Beta stayed out late. Gamma called twice. Delta slept. '.repeat(20).trim();
    const spans = readSpans(text, { start: 0, end: text.length }, 200);
    expect(spans.length).toBeGreaterThan(text.length / 200);
    expect(spans.map((s) => text.slice(s.start, s.end)).join(' ')).toBe(text);
    for (const span of spans) {
      expect(span.split).toBe(true);
      expect(span.end - span.start).toBeLessThanOrEqual(200);
      expect(text.slice(span.start, span.end)).toMatch(/^[A-Z].*\.$/);
      for (const token of span.nlp.tokens) {
        expect(token.start).toBeGreaterThanOrEqual(span.start);
        expect(token.end).toBeLessThanOrEqual(span.end);
        expect(text.slice(token.start, token.end)).toBe(token.text);
      }
      const last = span.nlp.sentences.at(-1);
      expect(last && span.nlp.tokens[last.end - 1].end).toBe(span.end);
    }
  });

  it('cuts one over-long sentence at white space, and a run without any at the limit', () => {
    const words = 'word '.repeat(100).trim();
    const byWords = readSpans(words, { start: 0, end: words.length }, 52);
    expect(byWords.every((s) => /^word( word)*$/.test(words.slice(s.start, s.end)))).toBe(true);
    const run = 'x'.repeat(250);
    expect(readSpans(run, { start: 0, end: run.length }, 100).map((s) => s.end - s.start)).toEqual([
      100, 100, 50,
    ]);
  });

  it('never cuts between the halves of a surrogate pair', () => {
    const run = `x${'😀'.repeat(100)}`;
    for (const span of readSpans(run, { start: 0, end: run.length }, 50)) {
      expect(run.slice(span.start, span.end)).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
  });
});
