/** Report v2 end to end: language gating, aliases, entity sentiment, key phrases, arc, schema. */
import { describe, expect, it } from 'vitest';
import { analyze, prepare } from '../../functions/lib/analyze.ts';
import { validateReport } from '../../functions/lib/schema/validate.ts';
import type { Report } from '../../functions/lib/types.ts';
import { expectOffsetsConsistent, readSample } from '../helpers/samples.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

function checked(bytes: Uint8Array, input: Parameters<typeof analyze>[1] = {}): Report {
  const report = analyze(bytes, input);
  validateReport(report);
  expectOffsetsConsistent(report, prepare(bytes, input).text);
  return report;
}

const GERMAN = `Hochwasser an der Donau

Die Hochwasser an der Donau haben am Dienstag tausende Menschen aus ihren Häusern vertrieben. Der Bundeskanzler besuchte die überflutete Stadt Melk und versprach schnelle Hilfe für die betroffenen Familien.

Das Rote Kreuz meldete zwei Tote. Spenden bitte an hilfe@example.org oder über https://example.org/spenden, Stichwort #hochwasser.`;

describe('report v2', () => {
  it('schema version 2, language detected, magnitude beside the score', () => {
    const report = checked(readSample('news-river-flooding.txt'), { key: 'news-river-flooding.txt' });
    expect(report.schemaVersion).toBe('4');
    expect(report.language).toBe('en');
    expect(report.languageDetection.language).toBe('en');
    expect(report.languageDetection.confidence).toBeGreaterThan(0.9);
    expect(report.skippedStages).toBeUndefined();
    expect(report.sentiment.magnitude).toBeGreaterThan(Math.abs(report.sentiment.score));
  });

  it('non-English text: English-only stages skipped with a warning, language-neutral entities kept', () => {
    const report = checked(utf8(GERMAN), { key: 'de.txt' });
    expect(report.language).toBe('de');
    expect(report.skippedStages).toEqual(['names', 'sentiment', 'keyPhrases']);
    expect(report.warnings?.some((w) => w.includes('"de"') && w.includes('skipped'))).toBe(true);
    const types = new Set(report.entities.map((e) => e.type));
    for (const name of ['PERSON', 'ORGANIZATION', 'LOCATION', 'MISC', 'GROUP', 'DATE'] as const) {
      expect(types.has(name)).toBe(false);
    }
    expect(report.entities.map((e) => e.text)).toEqual(
      expect.arrayContaining(['hilfe@example.org', '#hochwasser']),
    );
    expect(report.sentiment).toEqual({ score: 0, comparative: 0, label: 'neutral', magnitude: 0 });
    expect(report.keyPhrases).toEqual([]);
    expect(report.stats.words).toBeGreaterThan(30);
  });

  it('aliases: a person named in full and then by surname is one entity', () => {
    const text = `Senator Jane Whitfield opened the session in Ottawa on Monday.

Whitfield said the budget was a disaster and a terrible failure for families.

Critics praised Whitfield for her honesty, and Ms. Whitfield thanked them warmly.`;
    const report = checked(utf8(text));
    const jane = report.entities.find((e) => e.type === 'PERSON' && /Whitfield/.test(e.text));
    expect(jane).toBeDefined();
    expect(jane?.text).toMatch(/Jane Whitfield$/);
    expect(jane?.count).toBeGreaterThanOrEqual(3);
    expect(report.entities.filter((e) => e.type === 'PERSON' && e.text === 'Whitfield')).toEqual([]);
    // How is she portrayed? Both sides, quoted.
    expect(jane?.sentiment?.mostNegative?.paragraph).toBe(1);
    expect(jane?.sentiment?.mostPositive?.paragraph).toBe(2);
    expect(jane?.sentiment?.min).toBeLessThan(0);
    expect(jane?.sentiment?.max).toBeGreaterThan(0);
  });

  it('the most salient entities of the news sample are its subject', () => {
    const report = checked(readSample('news-river-flooding.txt'), { key: 'news-river-flooding.txt' });
    const top = report.entities.slice(0, 4).map((e) => e.text);
    expect(top).toContain('Danube');
    expect(report.entities[0].salience).toBeGreaterThan(report.entities[report.entities.length - 1].salience);
  });

  it('key phrases and the arc of the news sample', () => {
    const report = checked(readSample('news-river-flooding.txt'), { key: 'news-river-flooding.txt' });
    const phrases = report.keyPhrases.map((k) => k.text.toLowerCase());
    expect(phrases).toEqual(expect.arrayContaining(['heavy rain', 'emergency aid']));
    const arc = report.sentimentArc;
    expect(arc.comparative).toHaveLength(6);
    expect(Math.min(...arc.comparative)).toBe(arc.comparative[2]);
    expect(arc.comparative[5]).toBeGreaterThan(0);
  });

  it('a long article gets a smoothed arc', () => {
    const paragraph = (good: boolean) =>
      good ? 'The team played a wonderful, brilliant game.' : 'The storm caused terrible damage and pain.';
    const text = Array.from({ length: 40 }, (_, i) => paragraph(i < 20)).join('\n\n');
    const report = checked(utf8(text));
    expect(report.sentimentArc.window).toBe(5);
    expect(report.sentimentArc.smoothed[0]).toBeGreaterThan(0);
    expect(report.sentimentArc.smoothed[39]).toBeLessThan(0);
  });
});
