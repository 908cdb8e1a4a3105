/**
 * Regenerates docs/report-screenshot.png (the README's picture of the HTML view) from a sample:
 * `npx tsx scripts/report-screenshot.ts [sample] [out.png]`. Needs Debian's chromium.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { analyze } from '../functions/lib/analyze.ts';
import { renderReportHtml } from '../functions/lib/html-view.ts';

const sample = process.argv[2] ?? 'samples/sports-cup-final.html';
const out = process.argv[3] ?? 'docs/report-screenshot.png';
const report = analyze(new Uint8Array(readFileSync(sample)), { key: basename(sample) });
const dir = mkdtempSync(join(tmpdir(), 'textlens-shot-'));
const file = join(dir, 'report.html');
writeFileSync(file, renderReportHtml(report));
const browser = await chromium.launch({
  executablePath: process.env.TEXTLENS_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1300 }, javaScriptEnabled: false });
  await page.goto(pathToFileURL(file).href);
  // Open the first entity's "How is it portrayed?" so the picture shows entity sentiment.
  await page
    .locator('details')
    .first()
    .evaluate((details) => details.setAttribute('open', ''));
  await page.screenshot({ path: out, fullPage: false });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
