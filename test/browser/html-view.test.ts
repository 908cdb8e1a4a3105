/**
 * The HTML view in a real browser: Debian's Chromium through playwright-core opens the page of a
 * normal sample and of the hostile one (samples/hostile-markup.html) with JavaScript enabled,
 * checks that entity marks, the chart and the paragraphs are there, that nothing ran (no dialog,
 * no window flag, no script element, no request leaving the file), that the phone layout does not
 * scroll sideways, and saves screenshots under test-output/html-view/.
 *
 * Needs /usr/bin/chromium (or TEXTLENS_CHROMIUM): `apt-get install -y chromium`. Without it the
 * suite is skipped with a loud warning, never silently.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullReport as Report } from '../../functions/lib/analyze.ts';
import { analyze } from '../../functions/lib/analyze.ts';
import { renderReportHtml } from '../../functions/lib/html-view.ts';
import { readSample } from '../helpers/samples.ts';

const EXECUTABLE = process.env.TEXTLENS_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUT = join(import.meta.dirname, '..', '..', 'test-output', 'html-view');

const available = existsSync(EXECUTABLE);
if (!available) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPED: HTML view browser test — Chromium not found at ${EXECUTABLE}.\n` +
      '!! Install it with: apt-get update && apt-get install -y chromium  (or set TEXTLENS_CHROMIUM)\n' +
      `${'!'.repeat(78)}\n`,
  );
}

interface Opened {
  page: Page;
  report: Report;
  dialogs: string[];
  requests: string[];
  errors: string[];
}

function writePage(name: string): { file: string; report: Report } {
  const report = analyze(readSample(name), { key: name });
  const file = join(OUT, `${name}.html`);
  writeFileSync(file, renderReportHtml(report));
  return { file, report };
}

const suite = available ? describe : describe.skip;

suite(
  available ? 'HTML view in Chromium' : `HTML view in Chromium (SKIPPED: no Chromium at ${EXECUTABLE})`,
  () => {
    let browser: Browser;

    beforeAll(async () => {
      mkdirSync(OUT, { recursive: true });
      browser = await chromium.launch({ executablePath: EXECUTABLE, args: FLAGS });
    });

    afterAll(async () => {
      await browser?.close();
    });

    async function open(name: string, viewport = { width: 1280, height: 900 }): Promise<Opened> {
      const { file, report } = writePage(name);
      const page = await browser.newPage({ viewport, javaScriptEnabled: true });
      const opened: Opened = { page, report, dialogs: [], requests: [], errors: [] };
      page.on('dialog', (dialog) => {
        opened.dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) opened.requests.push(request.url());
      });
      page.on('pageerror', (error) => opened.errors.push(error.message));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      return opened;
    }

    /**
     * What the page shows, read through the DOM. The in-page part is a string so this file needs
     * no DOM typings (the project compiles for Node only).
     */
    async function inspect(page: Page) {
      const count = (selector: string) => page.locator(selector).count();
      const inPage = await page.evaluate<{
        markTypes: string[];
        handlers: string[];
        links: Array<string | null>;
        flag: string | null;
        text: string;
        title: string;
        chartHeight: number;
        overflow: number;
      }>(`(() => ({
        markTypes: [...new Set([...document.querySelectorAll('.para mark.ent')].map((m) => m.className))],
        handlers: [...document.querySelectorAll('*')].flatMap((el) =>
          [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => el.tagName + '[' + a.name + ']')),
        links: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        flag: window.__pwned ?? null,
        text: document.body.innerText,
        title: document.title,
        chartHeight: document.querySelector('figure.chart svg')?.getBoundingClientRect().height ?? 0,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      }))()`);
      return {
        ...inPage,
        marks: await count('.para mark.ent'),
        bars: await count('figure.chart svg rect.bar'),
        trend: await count('figure.chart svg polyline.trend'),
        paragraphs: await count('.para'),
        entities: await count('ol.entities > li'),
        phrases: await count('ul.phrases > li'),
        scripts: await count('script'),
        embeds: await count('img, iframe, object, embed, form'),
      };
    }

    it('control: the harness does see a script that runs (so the hostile test can fail)', async () => {
      const file = join(OUT, 'control.html');
      writeFileSync(file, '<!doctype html><p>x</p><script>window.__pwned = 1; alert("ran")</script>');
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(pathToFileURL(file).href);
      expect(dialogs).toEqual(['ran']);
      expect(await page.evaluate('window.__pwned')).toBe(1);
      await page.close();
    });

    it('normal sample: entity marks of several types, the chart, every paragraph', async () => {
      const { page, report, dialogs, requests, errors } = await open('news-river-flooding.txt');
      const seen = await inspect(page);
      expect(seen.paragraphs).toBe(report.paragraphs.length);
      expect(seen.marks).toBe(report.paragraphs.reduce((n, p) => n + p.entities.length, 0));
      expect(seen.markTypes.length).toBeGreaterThanOrEqual(3);
      expect(seen.bars).toBe(report.paragraphs.length);
      expect(seen.trend).toBe(1);
      expect(seen.chartHeight).toBeGreaterThan(100);
      expect(seen.entities).toBeGreaterThan(3);
      expect(seen.phrases).toBeGreaterThan(3);
      expect(seen.text).toContain('Karl Nehammer');
      expect({ dialogs, requests, errors }).toEqual({ dialogs: [], requests: [], errors: [] });
      await page.screenshot({ path: join(OUT, 'news-river-flooding-desktop.png'), fullPage: true });
      await page.close();
    });

    it('hostile sample: markup in the article renders as text and nothing runs', async () => {
      const { page, dialogs, requests, errors } = await open('hostile-markup.html');
      const seen = await inspect(page);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      expect(seen.flag).toBeNull();
      expect(seen.scripts).toBe(0);
      expect(seen.embeds).toBe(0);
      expect(seen.handlers).toEqual([]);
      for (const href of seen.links) expect(href).toMatch(/^#p\d+$/);
      expect(seen.text).toContain('<script>alert(document.cookie)</script>');
      expect(seen.text).toContain(`<img src=x onerror="alert('owned')">`);
      expect(seen.text).toContain('<a href="javascript:alert(1)">click me</a>');
      expect(seen.title).toContain('<script>');
      expect(seen.marks).toBeGreaterThan(0);
      expect(seen.bars).toBeGreaterThan(0);
      // Hovering and clicking the article does not run anything either.
      await page.hover('.para p');
      await page.click('figure.chart rect.bar');
      expect(dialogs).toEqual([]);
      await page.screenshot({ path: join(OUT, 'hostile-markup-desktop.png'), fullPage: true });
      await page.close();
    });

    it('phone: no sideways scrolling, chart still drawn', async () => {
      for (const name of ['news-river-flooding.txt', 'hostile-markup.html']) {
        const { page } = await open(name, { width: 390, height: 844 });
        const seen = await inspect(page);
        expect(seen.overflow).toBeLessThanOrEqual(0);
        expect(seen.chartHeight).toBeGreaterThan(80);
        await page.screenshot({ path: join(OUT, `${name}-phone.png`), fullPage: true });
        await page.close();
      }
    });

    it('print: the page lays out for paper', async () => {
      const { page } = await open('business-chipmaker-results.md');
      await page.emulateMedia({ media: 'print' });
      const seen = await inspect(page);
      expect(seen.bars).toBeGreaterThan(0);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
      writeFileSync(join(OUT, 'business-chipmaker-results.pdf'), pdf);
      await page.screenshot({ path: join(OUT, 'business-chipmaker-results-print.png'), fullPage: true });
      await page.close();
    });
  },
);
