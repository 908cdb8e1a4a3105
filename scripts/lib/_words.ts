import { VALENCE } from '../../functions/lib/sentiment-lexicon.ts';
import { loadUci, UCI_FILES } from './sentiment-eval.ts';

const c = new Map<string, [number, number]>();
for (const f of UCI_FILES)
  for (const e of loadUci(f)) {
    const seen = new Set(e.text.toLowerCase().match(/[a-z']+/g) ?? []);
    for (const w of seen) {
      const x = c.get(w) ?? [0, 0];
      x[e.gold === 'positive' ? 0 : 1]++;
      c.set(w, x);
    }
  }
const rows = [...c].filter(([w, [p, n]]) => p + n >= 5 && (p === 0 || n === 0 || p / n >= 4 || n / p >= 4));
for (const [w, [p, n]] of rows.sort((a, b) => b[1][0] - b[1][1] - (a[1][0] - a[1][1])))
  console.log(w, p, n, VALENCE.get(w) ?? '-');
