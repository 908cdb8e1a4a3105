import { scoreText } from '../../functions/lib/sentiment.ts';
import { loadFpb, loadUci, UCI_FILES } from './sentiment-eval.ts';

const ex = process.argv[2] === 'fpb' ? loadFpb() : UCI_FILES.flatMap((f) => loadUci(f));
const rows = ex.map((e) => {
  const t = scoreText(e.text);
  return { gold: e.gold, s: t.score, c: t.words ? t.score / t.words : 0 };
});
const edges = [0, 0.01, 0.5, 1, 1.5, 2, 3, 4, 6, 100];
for (let b = 0; b < edges.length - 1; b++) {
  const r = rows.filter((x) => Math.abs(x.s) >= edges[b] && Math.abs(x.s) < edges[b + 1]);
  const right = r.filter((x) => (x.s >= 0 ? 'positive' : 'negative') === x.gold).length;
  const cnt = (g: string) => r.filter((x) => x.gold === g).length;
  console.log(
    `|score| [${edges[b]},${edges[b + 1]}) n=${r.length} signacc=${((100 * right) / Math.max(1, r.length)).toFixed(1)} pos/neg/neu=${cnt('positive')}/${cnt('negative')}/${cnt('neutral')}`,
  );
}
const ce = [0, 0.001, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 10];
for (let b = 0; b < ce.length - 1; b++) {
  const r = rows.filter((x) => Math.abs(x.c) >= ce[b] && Math.abs(x.c) < ce[b + 1]);
  const right = r.filter((x) => (x.s >= 0 ? 'positive' : 'negative') === x.gold).length;
  const cnt = (g: string) => r.filter((x) => x.gold === g).length;
  console.log(
    `|comp| [${ce[b]},${ce[b + 1]}) n=${r.length} signacc=${((100 * right) / Math.max(1, r.length)).toFixed(1)} pos/neg/neu=${cnt('positive')}/${cnt('negative')}/${cnt('neutral')}`,
  );
}
