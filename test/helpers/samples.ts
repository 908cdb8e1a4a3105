/** Test helpers: the sample articles and report invariants every test can check. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Report } from '../../functions/lib/types.ts';

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
    expect(paragraph.start).toBeGreaterThan(previousEnd);
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
  for (const entity of report.entities) {
    expect(entity.count).toBe(entity.mentions.length);
    for (const mention of entity.mentions) {
      const paragraph = report.paragraphs[mention.paragraph];
      expect(paragraph.entities.some((e) => e.start === mention.start && e.end === mention.end)).toBe(true);
    }
  }
}
