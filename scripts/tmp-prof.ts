import { analyze } from '../functions/lib/analyze.ts';
import { buildCorpus } from './bench/corpus.ts';
const corpus = buildCorpus(3_000_000);
const inputs = corpus.articles.map((a: string) => new TextEncoder().encode(a));
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  for (const bytes of inputs) analyze(bytes, { key: 'article.txt' });
  console.log('pass', r, (performance.now() - t).toFixed(0), 'ms');
}
