/**
 * Measures analyze() on a generated article of a given size (default 1 MB), to choose the
 * Lambda's memory and timeout (see infra/settings.ts) and to estimate cost (docs/deploy.md).
 *
 * Run: `npx tsx scripts/measure-analyze.ts [megabytes] [runs]`. Prints time per run, characters
 * per second, and peak RSS / heap sampled every 5 ms during the runs. The first run includes
 * model loading (a cold start's share).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../functions/lib/analyze.ts';

const megabytes = Number(process.argv[2] ?? 1);
const runs = Number(process.argv[3] ?? 3);
const samplesDir = join(import.meta.dirname, '..', 'samples');
const articles = readdirSync(samplesDir)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => readFileSync(join(samplesDir, name), 'utf8').trim());

// Realistic text: the sample news articles, one after another, until the size is reached.
const target = Math.round(megabytes * 1024 * 1024);
const parts: string[] = [];
let size = 0;
for (let i = 0; size < target; i++) {
  const article = articles[i % articles.length];
  parts.push(article);
  size += Buffer.byteLength(article) + 2;
}
const bytes = new Uint8Array(Buffer.from(parts.join('\n\n')).subarray(0, target));

let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
}, 5);
const MB = 1024 * 1024;
const baseline = process.memoryUsage().rss;

for (let run = 1; run <= runs; run++) {
  const started = performance.now();
  const report = analyze(bytes, { key: 'measure/article.txt', contentType: 'text/plain' });
  const json = JSON.stringify(report);
  const ms = performance.now() - started;
  // Sample memory once more synchronously: the interval cannot fire during analyze().
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
  console.log(
    `run ${run}: ${(bytes.byteLength / MB).toFixed(2)} MB, ${report.stats.characters} chars, ` +
      `${report.stats.paragraphs} paragraphs, report ${(json.length / MB).toFixed(1)} MB: ${Math.round(ms)} ms ` +
      `(${Math.round(report.stats.characters / (ms / 1000)).toLocaleString('en')} chars/s)`,
  );
}
clearInterval(sampler);
console.log(
  `peak RSS ${(peakRss / MB).toFixed(0)} MB (baseline ${(baseline / MB).toFixed(0)} MB), peak heap used ${(peakHeap / MB).toFixed(0)} MB`,
);
