/**
 * Pathological shapes for the core, timed: wink-nlp's tokenizer is quadratic in the length of a
 * run without white space (a 100,000-character "word" took 27 s before nlp.ts split such runs),
 * which would let one small garbage file outlast the Lambda timeout and dead-letter its batch.
 */
import { describe, expect, it } from 'vitest';
import { analyze, NO_TEXT_WARNING, prepare } from '../../functions/lib/analyze.ts';
import { MAX_RUN_LENGTH } from '../../functions/lib/nlp.ts';
import { validateReport } from '../../functions/lib/schema/validate.ts';
import { expectOffsetsConsistent } from '../helpers/samples.ts';

function analyzeTimed(text: string) {
  const bytes = new TextEncoder().encode(`A short introduction.\n\n${text}\n\nThe end of the article.`);
  const started = performance.now();
  const report = analyze(bytes, { key: 'long.txt' });
  const ms = performance.now() - started;
  validateReport(report);
  expectOffsetsConsistent(report, prepare(bytes, { key: 'long.txt' }).text);
  return { report, ms };
}

describe('runs without white space', () => {
  it('analyses a 100,000-character word in seconds, not minutes', () => {
    const { report, ms } = analyzeTimed('a'.repeat(100_000));
    // Over the paragraph limit: 5 pieces of 20,000 characters (no white space to cut at).
    expect(report.stats.paragraphs).toBe(7);
    expect(ms).toBeLessThan(8_000);
  });

  it('analyses 30,000 characters of letters and digits with no space (7 s per 21,000 before)', () => {
    const { ms } = analyzeTimed('ab1'.repeat(10_000));
    expect(ms).toBeLessThan(5_000);
  });

  it('never splits a surrogate pair where a long run is broken', () => {
    for (const prefix of ['', 'x', 'xx']) {
      const run = prefix + 'x'.repeat(MAX_RUN_LENGTH - 1 - prefix.length) + '😀'.repeat(MAX_RUN_LENGTH);
      const { report } = analyzeTimed(run);
      for (const paragraph of report.paragraphs) {
        for (const entity of paragraph.entities)
          expect(entity.text).not.toMatch(
            /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
          );
      }
    }
  });

  it('keeps a URL up to the run limit whole', () => {
    const url = `https://example.com/path?q=${'z'.repeat(MAX_RUN_LENGTH - 40)}`;
    const { report } = analyzeTimed(`Read it at ${url} today.`);
    expect(report.paragraphs[1].entities.map((e) => e.text)).toContain(url);
  });
});

describe('documents without text', () => {
  for (const [name, body, key] of [
    ['an empty file', '', 'empty.txt'],
    ['white space only', ' \n\t\r\n \u00a0 \n', 'blank.txt'],
    ['markup without text', '<html><script>alert(1)</script><p> </p></html>', 'blank.html'],
  ] as const) {
    it(`${name}: a valid report with no paragraphs and a warning saying so`, () => {
      const report = analyze(new TextEncoder().encode(body), { key });
      validateReport(report);
      expect(report.paragraphs).toEqual([]);
      expect(report.warnings).toContain(NO_TEXT_WARNING);
    });
  }
});
