/**
 * `npm run eval:sentiment`: sentiment accuracy of textlens and two baselines on the public sets
 * in ../shared/data/sentiment (UCI = tuning set; SST-2 dev and FPB = held out), and speed.
 * Exits 0 with a message when the data is absent.
 */
import {
  afinnScorer,
  evaluateBinary,
  evaluateThreeClass,
  evaluateUci,
  hasSentimentData,
  loadFpb,
  loadSst2,
  loadUci,
  measureSpeed,
  type Scorer,
  sharedDataDir,
  sweepOnUci,
  textlensScorer,
  UCI_FILES,
  winkScorer,
} from './lib/sentiment-eval.ts';

const dir = sharedDataDir();
if (!hasSentimentData(dir)) {
  process.stdout.write(`eval:sentiment: skipped, no sentiment data in ${dir}\n`);
  process.exit(0);
}

const pct = (x: number) => x.toFixed(1).padStart(6);
const scorers: Array<[string, Scorer]> = [
  ['textlens', textlensScorer],
  ['AFINN (sentiment pkg)', afinnScorer()],
  ['wink its.sentiment', winkScorer()],
];
const sst2 = loadSst2(dir);
const fpb = loadFpb(dir);

const out: string[] = [];
out.push('Sentiment (binary accuracy %, score 0 = positive; FPB 3-class from labels)');
out.push(
  `${'scorer'.padEnd(24)}${UCI_FILES.map((f) => f.slice(0, 6).padStart(7)).join('')}${'UCI'.padStart(7)}${'SST-2'.padStart(7)}${'FPB acc'.padStart(9)}${'FPB mF1'.padStart(9)}`,
);
for (const [name, scorer] of scorers) {
  const uci = evaluateUci(scorer, dir);
  const sst = evaluateBinary(sst2, scorer);
  const fin = evaluateThreeClass(fpb, scorer);
  out.push(
    `${name.padEnd(24)}${UCI_FILES.map((f) => ` ${pct(uci.files[f].accuracy)}`).join('')} ${pct(uci.mean)} ${pct(sst.accuracy)}   ${pct(fin.accuracy)}   ${pct(fin.macroF1)}`,
  );
  if (name === 'textlens') {
    out.push(
      `${''.padEnd(24)}with the neutral band: UCI coverage ${uci.meanCoverage.toFixed(1)}%, accuracy on covered ${uci.meanLabelAccuracy.toFixed(1)}%; SST-2 coverage ${sst.coverage.toFixed(1)}%, accuracy on covered ${sst.labelAccuracy.toFixed(1)}%`,
    );
    out.push(
      `${''.padEnd(24)}FPB F1 positive ${fin.f1.positive.toFixed(1)}, negative ${fin.f1.negative.toFixed(1)}, neutral ${fin.f1.neutral.toFixed(1)}`,
    );
  }
}

const texts = [...UCI_FILES.flatMap((f) => loadUci(f, dir)), ...sst2, ...fpb].map((e) => e.text);
const speed = measureSpeed(texts);
out.push(
  `Speed over ${speed.tokens} tokens: scorer ${Math.round(speed.scorerTokensPerSecond / 1000)}k tokens/s; wink-nlp tokenising + scoring (scoreText) ${Math.round(speed.endToEndTokensPerSecond / 1000)}k tokens/s`,
);
if (process.argv.includes('--sweep')) {
  out.push('UCI mean accuracy per scorer option (others at their defaults; tuning set only):');
  const rows = sweepOnUci({
    negation: ['wink', 'window', 'both'],
    negationWindow: [2, 3, 4, 6],
    scopeEndsAtHead: [false, true],
    bareNegation: [0, 0.5, 1, 1.5, 2],
    negatedPositive: [0.5, 0.75, 1, 1.5],
    negatedNegative: [0, 0.25, 0.5, 0.75, 1],
    beforeContrast: [0.25, 0.5, 0.75, 1],
    afterContrast: [1, 1.25, 1.5, 2],
    concessive: [0.25, 0.5, 1],
    exclamation: [0, 0.1, 0.3],
    modifiers: [false, true],
    news: [false, true],
  });
  for (const row of rows) out.push(`  ${row.option}=${String(row.value)}: ${row.mean.toFixed(2)}`);
}
process.stdout.write(`${out.join('\n')}\n`);
