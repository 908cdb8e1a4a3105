import { scoreText, toDetail } from '../../functions/lib/sentiment.ts';
import { loadUci, UCI_FILES } from './sentiment-eval.ts';

const which = process.argv[2] ?? 'all';
let zero = 0,
  zeroNeg = 0;
for (const f of UCI_FILES)
  for (const e of loadUci(f)) {
    const t = scoreText(e.text);
    const pred = t.score >= 0 ? 'positive' : 'negative';
    if (t.score === 0) {
      zero++;
      if (e.gold === 'negative') zeroNeg++;
    }
    if (pred !== e.gold && (which === 'all' || (which === 'zero') === (t.score === 0))) {
      const d = toDetail(t);
      console.log(`${e.gold[0]} ${d.score} [${d.positive.join(',')}|${d.negative.join(',')}] ${e.text}`);
    }
  }
console.error('zero', zero, 'zeroNeg', zeroNeg);
