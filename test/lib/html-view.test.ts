import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import type { FullReport as Report } from '../../functions/lib/analyze.ts';
import { analyze } from '../../functions/lib/analyze.ts';
import { escapeHtml, renderReportHtml, sentimentColor, signed } from '../../functions/lib/html-view.ts';
import { readSample, sampleNames } from '../helpers/samples.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Tags the view may contain; anything else means article text leaked in as markup. */
const ALLOWED_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'main',
  'header',
  'h1',
  'h2',
  'div',
  'section',
  'span',
  'b',
  'p',
  'q',
  'a',
  'mark',
  'ol',
  'ul',
  'li',
  'details',
  'summary',
  'footer',
  'figure',
  'figcaption',
  'aside',
  'svg',
  'line',
  'rect',
  'polyline',
]);

interface Parsed {
  tags: Set<string>;
  attributes: Array<[string, string, string]>;
  text: string;
}

function parse(html: string): Parsed {
  const tags = new Set<string>();
  const attributes: Array<[string, string, string]> = [];
  const text: string[] = [];
  let skip = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        tags.add(name);
        if (name === 'style' || name === 'title') skip++;
        for (const [key, value] of Object.entries(attrs)) attributes.push([name, key, value]);
      },
      onclosetag(name) {
        if (name === 'style' || name === 'title') skip--;
      },
      ontext(data) {
        if (skip === 0) text.push(data);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return { tags, attributes, text: text.join('') };
}

/** The structural safety properties every rendered page must have. */
function expectSafe(html: string): Parsed {
  const parsed = parse(html);
  for (const tag of parsed.tags) expect(ALLOWED_TAGS, `unexpected <${tag}>`).toContain(tag);
  for (const [tag, key, value] of parsed.attributes) {
    expect(key.startsWith('on'), `event handler ${key} on <${tag}>`).toBe(false);
    if (key === 'href') expect(value).toMatch(/^#p\d+$/);
    expect(key).not.toBe('src');
  }
  expect(html).toContain("default-src 'none'");
  return parsed;
}

function report(name: string): Report {
  return analyze(readSample(name), { key: name });
}

describe('HTML view', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('every sample renders to a safe page holding its title, paragraphs, entities and chart', () => {
    for (const name of sampleNames()) {
      const r = report(name);
      const html = renderReportHtml(r);
      const parsed = expectSafe(html);
      const flat = parsed.text.replace(/\s+/g, ' ');
      for (const p of r.paragraphs) expect(flat).toContain(p.text.replace(/\s+/g, ' '));
      if (r.title) expect(flat).toContain(r.title);
      const marks = html.match(/<mark class="ent /g)?.length ?? 0;
      const paragraphEntities = r.paragraphs.reduce((n, p) => n + p.entities.length, 0);
      // Paragraph marks + entity panel marks + the legend's 8.
      expect(marks).toBe(paragraphEntities + Math.min(15, r.entities.length) + 8);
      expect(html.match(/<rect class="bar"/g)?.length ?? 0).toBe(r.paragraphs.length);
      expect(html.match(/<div class="para"/g)?.length ?? 0).toBe(r.paragraphs.length);
    }
  });

  it('the hostile sample: article markup shows as text, never as tags or handlers', () => {
    const r = report('hostile-markup.html');
    const html = renderReportHtml(r);
    const parsed = expectSafe(html);
    expect(parsed.tags.has('script')).toBe(false);
    expect(parsed.tags.has('img')).toBe(false);
    expect(parsed.tags.has('iframe')).toBe(false);
    expect(parsed.text).toContain('<script>alert(document.cookie)</script>');
    expect(parsed.text).toContain(`<img src=x onerror="alert('owned')">`);
    expect(parsed.text).toContain('<a href="javascript:alert(1)">click me</a>');
    expect(html).not.toMatch(/<script|<img|<iframe|href="javascript:/i);
  });

  it('property: any paragraph, entity or title text stays text', () => {
    const hostile = fc.constantFrom(
      '<',
      '>',
      '&',
      '"',
      "'",
      '<script>',
      '</p>',
      'onerror=',
      'javascript:',
      '\n\n',
    );
    const piece = fc.oneof(
      fc.string({ maxLength: 12 }),
      hostile,
      fc.constantFrom('Joe Biden', ' met ', '. '),
    );
    const article = fc.array(piece, { minLength: 1, maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(article, fc.string({ maxLength: 20 }), (text, key) => {
        const r = analyze(utf8(text), { key: `${key}.txt` });
        const html = renderReportHtml({ ...r, title: text.slice(0, 40) });
        const parsed = expectSafe(html);
        const flat = parsed.text.replace(/\s+/g, ' ');
        for (const p of r.paragraphs) expect(flat).toContain(p.text.replace(/\s+/g, ' '));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });

  it('an empty report renders', () => {
    const html = renderReportHtml(analyze(new Uint8Array(), { key: 'empty.txt' }));
    expectSafe(html);
    expect(html).toContain('No paragraphs.');
    expect(html).toContain('No entities found.');
  });

  it('a non-English report shows the warning and no sentiment for entities', () => {
    const german = analyze(
      utf8(
        'Die Hochwasser an der Donau haben tausende Menschen aus ihren Häusern vertrieben.\n\n' +
          'Der Bundeskanzler besuchte am Dienstag die überflutete Stadt Melk und versprach schnelle Hilfe. ' +
          'Mehr unter https://example.org/hochwasser oder #hochwasser.',
      ),
      { key: 'de.txt' },
    );
    const html = renderReportHtml(german);
    expectSafe(html);
    expect(html).toContain('class="warn"');
    expect(html).toContain('lang="de"');
  });

  it('helpers: signed numbers and the colour scale', () => {
    expect(signed(0.25)).toBe('+0.25');
    expect(signed(-0.25)).toBe('\u22120.25');
    expect(signed(-0.0001)).toBe('0.00');
    expect(sentimentColor(1)).toBe('rgb(26,152,80)');
    expect(sentimentColor(-1)).toBe('rgb(215,48,31)');
    expect(sentimentColor(0)).toBe('rgb(176,182,190)');
    expect(sentimentColor(0, 'mixed')).toBe('#c98a00');
  });
});
