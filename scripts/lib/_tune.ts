import { readParagraph } from '../../functions/lib/nlp.ts';
import {
  combineTallies,
  DEFAULT_OPTIONS,
  type ScoredToken,
  type SentimentOptions,
  scoreTokensWith,
} from '../../functions/lib/sentiment.ts';
import { loadFpb, loadSst2, loadUci, UCI_FILES } from './sentiment-eval.ts';

const sets = UCI_FILES.map((f) =>
  loadUci(f).map((e) => {
    const p = readParagraph(e.text, 0);
    return {
      gold: e.gold,
      tokens: p.tokens.map(
        (t, i): ScoredToken => ({ text: t.text, isWord: p.isWord[i], negated: p.negated[i], pos: t.pos }),
      ),
      sentences: p.sentences,
    };
  }),
);
function acc(o: SentimentOptions) {
  let m = 0;
  for (const set of sets) {
    let r = 0;
    for (const e of set) {
      const t = combineTallies(e.sentences.map((s) => scoreTokensWith(e.tokens.slice(s.start, s.end), o)));
      if ((t.score >= 0 ? 'positive' : 'negative') === e.gold) r++;
    }
    m += r / set.length;
  }
  return (100 * m) / sets.length;
}
const grid: Record<string, unknown[]> = JSON.parse(process.argv[2]);
for (const [k, vals] of Object.entries(grid)) {
  console.log(k, vals.map((v) => `${v}:${acc({ ...DEFAULT_OPTIONS, [k]: v }).toFixed(2)}`).join('  '));
}
