/**
 * Large documents: block analysis (document-analyzer.ts + merge-blocks.ts) and the JSON Lines
 * split of very large reports (analyzeStream). Small block sizes stand in for the product's
 * 512K characters so the tests run in seconds; the code paths are the same.
 */
import { describe, expect, it } from 'vitest';
import { analyze, analyzeStream, type FullReport, prepare } from '../../functions/lib/analyze.ts';
import { MENTIONS_PER_ENTITY } from '../../functions/lib/merge-blocks.ts';
import { validateReport, validateReportParagraph } from '../../functions/lib/schema/validate.ts';
import type { ParagraphReport } from '../../functions/lib/types.ts';
import { expectOffsetsConsistent, readSample, sampleNames } from '../helpers/samples.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Every sample article, one after another: a "book" of about 10,000 characters. */
function book(): Uint8Array {
  const texts = sampleNames()
    .filter((name) => name.endsWith('.txt'))
    .map((name) => new TextDecoder().decode(readSample(name)));
  return utf8(texts.join('\n\n').repeat(3));
}

function blocksChecked(bytes: Uint8Array, blockChars: number, key = 'book.txt'): FullReport {
  const report = analyze(bytes, { key }, { blockChars, maxParagraphChars: 2_000 });
  validateReport(report);
  expectOffsetsConsistent(report, prepare(bytes, { key }).text);
  return report;
}

describe('block analysis of large documents', () => {
  it('a document under one block is analysed at once (no blocks field)', () => {
    expect(analyze(book(), { key: 'book.txt' }).blocks).toBeUndefined();
  });

  it('analyses block by block: valid report, exact offsets, totals that add up', () => {
    const bytes = book();
    const whole = analyze(bytes, { key: 'book.txt' });
    const report = blocksChecked(bytes, 3_000);
    expect(report.blocks?.count).toBeGreaterThanOrEqual(Math.floor(whole.stats.characters / 3_000));
    expect(report.blocks?.maxChars).toBeLessThanOrEqual(3_000);
    // Block cuts fall on paragraph boundaries: the paragraphs are the whole document's.
    expect(report.paragraphs.map((p) => [p.start, p.end])).toEqual(
      whole.paragraphs.map((p) => [p.start, p.end]),
    );
    expect(report.paragraphs.map((p) => p.index)).toEqual(report.paragraphs.map((_, i) => i));
    const { stats } = report;
    expect(stats.characters).toBe(whole.stats.characters);
    expect(stats.paragraphs).toBe(whole.stats.paragraphs);
    expect(stats.sentences).toBe(report.paragraphs.reduce((n, p) => n + p.sentences.length, 0));
    expect(stats.words).toBe(whole.stats.words);
    // Every paragraph entity is counted by exactly one document entity.
    const mentioned = report.paragraphs.reduce((n, p) => n + p.entities.length, 0);
    expect(report.entities.reduce((n, e) => n + e.count, 0)).toBe(mentioned);
    // Sentiment is additive: same document score, magnitude and arc as the whole analysis.
    expect(report.sentiment).toEqual(whole.sentiment);
    expect(report.sentimentArc).toEqual(whole.sentimentArc);
    expect(report.entities.slice(0, 3).map((e) => e.text)).toEqual(
      whole.entities.slice(0, 3).map((e) => e.text),
    );
    expect(report.keyPhrases.length).toBeGreaterThan(0);
  });

  it('calls afterBlock once per block, and never for a document under one block', () => {
    const bytes = book();
    let calls = 0;
    const afterBlock = () => {
      calls += 1;
    };
    const report = analyze(bytes, { key: 'book.txt' }, { blockChars: 3_000, afterBlock });
    expect(calls).toBe(report.blocks?.count);
    calls = 0;
    analyze(bytes, { key: 'book.txt' }, { afterBlock });
    expect(calls).toBe(0);
  });

  it('lists at most MENTIONS_PER_ENTITY mentions per entity, with the full count', () => {
    const bytes = utf8('Geneva hosted the talks in Geneva again today.\n\n'.repeat(400));
    const report = blocksChecked(bytes, 4_000, 'geneva.txt');
    const geneva = report.entities.find((e) => e.text === 'Geneva');
    expect(geneva?.count).toBe(800);
    expect(geneva?.mentions).toHaveLength(MENTIONS_PER_ENTITY);
    expect(report.blocks?.mentionsPerEntity).toBe(MENTIONS_PER_ENTITY);
  });

  it('a paragraph longer than a block is cut between sentences and both sides marked split', () => {
    const sentence = 'The council met on Monday and agreed a plan for the new bridge.';
    const text = `Opening line.\n\n${`${sentence} `.repeat(200).trim()}\n\nClosing line.`;
    const report = blocksChecked(utf8(text), 5_000, 'long.txt');
    expect(report.blocks?.count).toBeGreaterThan(1);
    const pieces = report.paragraphs.filter((p) => p.split);
    expect(pieces.length).toBeGreaterThanOrEqual(Math.ceil((sentence.length * 200) / 5_000));
    for (const piece of pieces) {
      expect(piece.text.startsWith('The council')).toBe(true);
      expect(piece.text.endsWith('bridge.')).toBe(true);
    }
    expect(report.paragraphs[0].split).toBeUndefined();
    expect(report.paragraphs.at(-1)?.split).toBeUndefined();
  });

  it('decides the language from the first block and keeps it', () => {
    const german =
      'Die Regierung hat am Montag in Berlin einen neuen Haushalt vorgestellt, der viele Fragen offen lässt.\n\n';
    const report = blocksChecked(utf8(german.repeat(100)), 3_000, 'de.txt');
    expect(report.language).toBe('de');
    expect(report.skippedStages).toEqual(['names', 'sentiment', 'keyPhrases']);
    expect(report.entities.filter((e) => e.type === 'PERSON' || e.type === 'LOCATION')).toEqual([]);
  });
});

describe('analyzeStream', () => {
  /** An in-memory JSON Lines sink. */
  function memorySink() {
    const lines: string[] = [];
    let closed = 0;
    return {
      lines,
      closed: () => closed,
      open: () => ({
        key: 'book.txt.paragraphs.jsonl',
        write: async (line: string) => {
          lines.push(line);
        },
        close: async () => {
          closed++;
        },
      }),
    };
  }

  function* chunksOf(bytes: Uint8Array, size: number) {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  }

  it('keeps paragraphs inline below the split size, identical to analyze()', async () => {
    const bytes = book();
    const sink = memorySink();
    const report = await analyzeStream(chunksOf(bytes, 1_000), { key: 'book.txt' }, { openSink: sink.open });
    expect(JSON.stringify(report)).toBe(JSON.stringify(analyze(bytes, { key: 'book.txt' })));
    expect(sink.lines).toEqual([]);
  });

  it('writes the paragraphs as JSON Lines above the split size; the report points to them', async () => {
    const bytes = book();
    const options = { blockChars: 3_000, maxParagraphChars: 2_000 };
    const sink = memorySink();
    const report = await analyzeStream(
      chunksOf(bytes, 777),
      { key: 'book.txt' },
      { ...options, splitBytes: 5_000, openSink: sink.open },
    );
    validateReport(report);
    expect(report.paragraphs).toBeUndefined();
    expect(sink.closed()).toBe(1);
    const lines = sink.lines.map((line) => JSON.parse(line) as ParagraphReport);
    for (const line of lines) validateReportParagraph(line);
    expect(report.paragraphsFile).toEqual({
      key: 'book.txt.paragraphs.jsonl',
      format: 'jsonl',
      lines: report.stats.paragraphs,
      bytes: Buffer.byteLength(sink.lines.join('')),
    });
    // The same paragraphs and summary as the in-memory analysis with the same block size.
    const inMemory = analyze(bytes, { key: 'book.txt' }, options);
    expect(lines).toEqual(inMemory.paragraphs);
    const { paragraphs: _, ...summary } = inMemory;
    const { paragraphsFile: __, ...streamed } = report;
    expect(streamed).toEqual(summary);
  });

  it('never splits without a sink', async () => {
    const report = await analyzeStream([book()], { key: 'book.txt' }, { splitBytes: 10 });
    expect(report.paragraphs?.length).toBeGreaterThan(0);
  });
});
