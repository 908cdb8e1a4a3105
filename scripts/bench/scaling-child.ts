/**
 * One scaling measurement in a fresh process (run by scaling.ts): builds an article of argv[2]
 * bytes from the corpus, analyses it once, and prints time and peak RSS as one JSON line.
 */
import { analyze } from '../../functions/lib/analyze.ts';
import { buildArticle } from './corpus.ts';

const bytes = Number(process.argv[2]);
const input = new TextEncoder().encode(buildArticle(bytes));
const rssBeforeKb = process.resourceUsage().maxRSS;
const started = performance.now();
const report = analyze(input, { key: 'scaling.txt' });
const ms = performance.now() - started;
process.stdout.write(
  `BENCH ${JSON.stringify({
    bytes: input.length,
    ms,
    tokens: report.stats.tokens,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    rssBeforeBytes: rssBeforeKb * 1024,
  })}\n`,
);
