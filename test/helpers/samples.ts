/** Test helpers: the sample articles and report invariants every test can check. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { FullReport as Report } from '../../functions/lib/analyze.ts';

export const SAMPLES_DIR = join(import.meta.dirname, '..', '..', 'samples');

/** The sample article file names (not the events folder). */
export function sampleNames(): string[] {
  return readdirSync(SAMPLES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(txt|md|html?)$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

export function readSample(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(SAMPLES_DIR, name)));
}

/**
 * Checks the offset invariants of a report against its extracted text: every paragraph, sentence
 * and entity span is in range and slices to its text; paragraphs are ordered and disjoint;
 * sentences and entities lie inside their paragraph; document mentions point at real entities.
 */
export function expectOffsetsConsistent(report: Report, text: string): void {
  let previousEnd = -1;
  for (const paragraph of report.paragraphs) {
    // Pieces of a paragraph cut inside a run without white space touch; other paragraphs do not.
    if (paragraph.split) expect(paragraph.start).toBeGreaterThanOrEqual(previousEnd);
    else expect(paragraph.start).toBeGreaterThan(previousEnd);
    expect(paragraph.end).toBeLessThanOrEqual(text.length);
    expect(text.slice(paragraph.start, paragraph.end)).toBe(paragraph.text);
    expect(paragraph.text).toBe(paragraph.text.trim());
    previousEnd = paragraph.end;
    for (const sentence of paragraph.sentences) {
      expect(sentence.start).toBeGreaterThanOrEqual(paragraph.start);
      expect(sentence.end).toBeLessThanOrEqual(paragraph.end);
      expect(sentence.end).toBeGreaterThan(sentence.start);
    }
    for (const entity of paragraph.entities) {
      expect(entity.start).toBeGreaterThanOrEqual(paragraph.start);
      expect(entity.end).toBeLessThanOrEqual(paragraph.end);
      expect(text.slice(entity.start, entity.end)).toBe(entity.text);
    }
  }
  // A block-analysed report lists at most `blocks.mentionsPerEntity` mentions (count is complete).
  const listed = (count: number) => Math.min(count, report.blocks?.mentionsPerEntity ?? count);
  for (const entity of report.entities) {
    expect(entity.mentions.length).toBe(listed(entity.count));
    for (const mention of entity.mentions) {
      const paragraph = report.paragraphs[mention.paragraph];
      expect(paragraph.entities.some((e) => e.start === mention.start && e.end === mention.end)).toBe(true);
    }
  }
  expectV2Consistent(report, text);
}

/**
 * Invariants of the v2 fields: entities sorted by salience with mentions in document order and
 * every mention used once; entity sentiment quotes a real sentence holding a real mention with
 * that sentence's score; key phrase mentions slice to their text; the arc has one point per
 * paragraph equal to the paragraph's comparative; magnitude bounds the score.
 */
export function expectV2Consistent(report: Report, text: string): void {
  const used = new Set<string>();
  for (let i = 0; i < report.entities.length; i++) {
    const entity = report.entities[i];
    if (i > 0) expect(entity.salience).toBeLessThanOrEqual(report.entities[i - 1].salience);
    expect(entity.salience).toBeGreaterThanOrEqual(0);
    expect(entity.salience).toBeLessThanOrEqual(1);
    expect(entity.aliases).not.toContain(entity.text);
    for (let m = 0; m < entity.mentions.length; m++) {
      const mention = entity.mentions[m];
      if (m > 0) expect(mention.start).toBeGreaterThan(entity.mentions[m - 1].start);
      const key = `${mention.start}:${mention.end}`;
      expect(used.has(key)).toBe(false);
      used.add(key);
    }
    const sentiment = entity.sentiment;
    if (!sentiment) continue;
    expect(sentiment.min).toBeLessThanOrEqual(sentiment.mean);
    expect(sentiment.mean).toBeLessThanOrEqual(sentiment.max);
    for (const quoted of [sentiment.mostPositive, sentiment.mostNegative]) {
      if (!quoted) continue;
      if (entity.mentions.length === entity.count) {
        expect(entity.mentions.some((m) => m.start === quoted.start && m.end === quoted.end)).toBe(true);
      }
      const sentence = report.paragraphs[quoted.paragraph].sentences.find(
        (s) => s.start === quoted.sentence.start && s.end === quoted.sentence.end,
      );
      expect(sentence).toBeDefined();
      expect(sentence?.sentiment.comparative).toBe(quoted.comparative);
      expect(quoted.sentence.start).toBeLessThanOrEqual(quoted.start);
      expect(quoted.end).toBeLessThanOrEqual(quoted.sentence.end);
    }
    if (sentiment.mostPositive) expect(sentiment.mostPositive.comparative).toBe(sentiment.max);
    if (sentiment.mostNegative) expect(sentiment.mostNegative.comparative).toBe(sentiment.min);
  }
  for (const phrase of report.keyPhrases) {
    expect(phrase.mentions.length).toBe(
      Math.min(phrase.count, report.blocks?.mentionsPerEntity ?? phrase.count),
    );
    for (const mention of phrase.mentions) {
      const paragraph = report.paragraphs[mention.paragraph];
      expect(mention.start).toBeGreaterThanOrEqual(paragraph.start);
      expect(mention.end).toBeLessThanOrEqual(paragraph.end);
    }
    const surfaces = phrase.mentions.map((m) => text.slice(m.start, m.end).replace(/\s+/g, ' '));
    expect(surfaces).toContain(phrase.text);
  }
  const arc = report.sentimentArc;
  expect(arc.comparative).toEqual(report.paragraphs.map((p) => p.sentiment.comparative));
  expect(arc.magnitude).toHaveLength(report.paragraphs.length);
  expect(arc.smoothed).toHaveLength(report.paragraphs.length);
  expect(report.sentiment.magnitude).toBeGreaterThanOrEqual(Math.abs(report.sentiment.score) - 1e-9);
  if (report.skippedStages) {
    expect(report.language).not.toBe('en');
    expect(report.keyPhrases).toEqual([]);
    for (const entity of report.entities) expect(entity.sentiment).toBeUndefined();
  }
}
