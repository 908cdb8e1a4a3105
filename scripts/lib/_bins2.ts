import { scoreText } from '../../functions/lib/sentiment.ts';
import { loadUci, UCI_FILES } from './sentiment-eval.ts';

const rows = UCI_FILES.flatMap((f) => loadUci(f))
  .map((e) => {
    const t = scoreText(e.text);
    return { gold: e.gold, s: t.score, c: t.words ? t.score / t.words : 0 };
  })
  .filter((r) => r.s !== 0)
  .sort((a, b) => Math.abs(a.c) - Math.abs(b.c));
// rolling windows of 100 spans ordered by |comparative|
for (let i = 0; i + 100 <= rows.length; i += 50) {
  const w = rows.slice(i, i + 100);
  const acc = w.filter((x) => (x.s >= 0 ? 'positive' : 'negative') === x.gold).length;
  console.log(`|c| ${Math.abs(w[0].c).toFixed(3)}-${Math.abs(w[99].c).toFixed(3)} acc ${acc}%`);
  if (i > 800) break;
}
