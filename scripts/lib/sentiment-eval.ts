/**
 * Sentiment evaluation on the public sets in ../shared/data/sentiment (see its README for
 * sources and licences). UCI Sentiment Labelled Sentences (CC BY 4.0) is the tuning set;
 * SST-2 dev and the Financial PhraseBank are held out: evaluation only, never fitted.
 *
 * Binary accuracy counts a score of 0 as positive (as the `sentiment` package's own validation
 * and the reference figures in the data README do). The 3-class FPB figures use the scorer's
 * label (positive/negative/neutral; `mixed` falls back to the sign of the score).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Sentiment from 'sentiment';
import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import { readParagraph } from '../../functions/lib/nlp.ts';
import {
  combineTallies,
  DEFAULT_OPTIONS,
  labelFor,
  type ScoredToken,
  type SentimentOptions,
  scoreSentences,
  scoreText,
  scoreTokensWith,
} from '../../functions/lib/sentiment.ts';
import type { SentimentLabel } from '../../functions/lib/types.ts';

/** ../shared/data seen from the repository root. */
export function sharedDataDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '../../../shared/data');
}

/** True when the sentiment sets are present. */
export function hasSentimentData(dir = sharedDataDir()): boolean {
  return existsSync(path.join(dir, 'sentiment/uci/yelp_labelled.txt'));
}

export type Polarity = 'positive' | 'negative' | 'neutral';

export interface Example {
  text: string;
  gold: Polarity;
}

export const UCI_FILES = ['amazon_cells', 'imdb', 'yelp'] as const;

/** One UCI file: `sentence<TAB>label` (1 positive, 0 negative). */
export function loadUci(name: (typeof UCI_FILES)[number], dir = sharedDataDir()): Example[] {
  const raw = readFileSync(path.join(dir, `sentiment/uci/${name}_labelled.txt`), 'utf8');
  const out: Example[] = [];
  for (const line of raw.split(/\r?\n/)) {
    const tab = line.lastIndexOf('\t');
    if (tab < 0) continue;
    const label = line.slice(tab + 1).trim();
    if (label !== '0' && label !== '1') continue;
    out.push({ text: line.slice(0, tab).trim(), gold: label === '1' ? 'positive' : 'negative' });
  }
  return out;
}

/** SST-2 dev: header `text<TAB>label`. */
export function loadSst2(dir = sharedDataDir()): Example[] {
  const raw = readFileSync(path.join(dir, 'sentiment/sst2/dev.tsv'), 'utf8');
  const out: Example[] = [];
  for (const line of raw.split(/\r?\n/).slice(1)) {
    const tab = line.lastIndexOf('\t');
    if (tab < 0) continue;
    out.push({
      text: line.slice(0, tab).trim(),
      gold: line.slice(tab + 1).trim() === '1' ? 'positive' : 'negative',
    });
  }
  return out;
}

/** Financial PhraseBank, all-agree: `sentence@label`, ISO-8859-1. */
export function loadFpb(dir = sharedDataDir()): Example[] {
  const raw = readFileSync(path.join(dir, 'sentiment/fpb/Sentences_AllAgree.txt'), 'latin1');
  const out: Example[] = [];
  for (const line of raw.split(/\r?\n/)) {
    const at = line.lastIndexOf('@');
    if (at < 0) continue;
    const gold = line.slice(at + 1).trim();
    if (gold !== 'positive' && gold !== 'negative' && gold !== 'neutral') continue;
    out.push({ text: line.slice(0, at).trim(), gold });
  }
  return out;
}

/** What a scorer says about one text. */
export interface Judgement {
  score: number;
  label: Polarity;
}

export type Scorer = (text: string) => Judgement;

function polarityOf(label: SentimentLabel, score: number): Polarity {
  if (label !== 'mixed') return label;
  return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
}

/** textlens: the report's code path (wink-nlp paragraph, per-sentence scoring, labels). */
export const textlensScorer: Scorer = (text) => {
  const tally = scoreText(text);
  return { score: tally.score, label: polarityOf(labelFor(tally), tally.score) };
};

const sign = (score: number): Polarity => (score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral');

/** Baseline: the `sentiment` package as published (AFINN-165, one-word negation). */
export function afinnScorer(): Scorer {
  const analyzer = new Sentiment();
  return (text) => {
    const score = analyzer.analyze(text).score;
    return { score, label: sign(score) };
  };
}

/** Baseline: wink-nlp's own sentiment (`its.sentiment` of the document, -1..+1). */
export function winkScorer(): Scorer {
  const wink = winkNLP(model);
  return (text) => {
    const score = wink.readDoc(text).out(wink.its.sentiment) as unknown as number;
    return { score, label: sign(score) };
  };
}

export interface BinaryResult {
  n: number;
  /** Accuracy with score >= 0 counted as positive (percent). */
  accuracy: number;
  /** Share of texts the label calls positive or negative (not neutral), percent. */
  coverage: number;
  /** Accuracy of the label on the texts it does not call neutral (percent). */
  labelAccuracy: number;
}

export function evaluateBinary(examples: readonly Example[], scorer: Scorer): BinaryResult {
  let right = 0;
  let covered = 0;
  let coveredRight = 0;
  for (const example of examples) {
    const judgement = scorer(example.text);
    const predicted = judgement.score >= 0 ? 'positive' : 'negative';
    if (predicted === example.gold) right++;
    if (judgement.label !== 'neutral') {
      covered++;
      if (judgement.label === example.gold) coveredRight++;
    }
  }
  const n = examples.length;
  return {
    n,
    accuracy: (100 * right) / n,
    coverage: (100 * covered) / n,
    labelAccuracy: covered === 0 ? 0 : (100 * coveredRight) / covered,
  };
}

export interface ThreeClassResult {
  n: number;
  accuracy: number;
  macroF1: number;
  f1: Record<Polarity, number>;
}

export function evaluateThreeClass(examples: readonly Example[], scorer: Scorer): ThreeClassResult {
  const classes: Polarity[] = ['positive', 'negative', 'neutral'];
  const tp: Record<Polarity, number> = { positive: 0, negative: 0, neutral: 0 };
  const fp: Record<Polarity, number> = { positive: 0, negative: 0, neutral: 0 };
  const fn: Record<Polarity, number> = { positive: 0, negative: 0, neutral: 0 };
  let right = 0;
  for (const example of examples) {
    const predicted = scorer(example.text).label;
    if (predicted === example.gold) {
      right++;
      tp[predicted]++;
    } else {
      fp[predicted]++;
      fn[example.gold]++;
    }
  }
  const f1 = { positive: 0, negative: 0, neutral: 0 };
  for (const c of classes) {
    const denominator = 2 * tp[c] + fp[c] + fn[c];
    f1[c] = denominator === 0 ? 0 : (100 * 2 * tp[c]) / denominator;
  }
  return {
    n: examples.length,
    accuracy: (100 * right) / examples.length,
    macroF1: (f1.positive + f1.negative + f1.neutral) / 3,
    f1,
  };
}

export interface UciResult {
  files: Record<(typeof UCI_FILES)[number], BinaryResult>;
  /** Mean of the three files' binary accuracies. */
  mean: number;
  meanCoverage: number;
  meanLabelAccuracy: number;
}

export function evaluateUci(scorer: Scorer, dir = sharedDataDir()): UciResult {
  const files = {} as UciResult['files'];
  for (const name of UCI_FILES) files[name] = evaluateBinary(loadUci(name, dir), scorer);
  const mean = (pick: (r: BinaryResult) => number) =>
    UCI_FILES.reduce((sum, name) => sum + pick(files[name]), 0) / UCI_FILES.length;
  return {
    files,
    mean: mean((r) => r.accuracy),
    meanCoverage: mean((r) => r.coverage),
    meanLabelAccuracy: mean((r) => r.labelAccuracy),
  };
}

export interface SpeedResult {
  tokens: number;
  /** Scorer alone on pre-tokenised sentences (scoreSentences). */
  scorerTokensPerSecond: number;
  /** wink-nlp tokenising (readParagraph) plus scoring, i.e. scoreText. */
  endToEndTokensPerSecond: number;
}

/** Tokens per second of the scorer over the given texts (best of a few rounds). */
export function measureSpeed(texts: readonly string[], rounds = 5): SpeedResult {
  const paragraphs = texts.map((text) => {
    const p = readParagraph(text, 0);
    const tokens: ScoredToken[] = p.tokens.map((t, i) => ({
      text: t.text,
      isWord: p.isWord[i],
      negated: p.negated[i],
      pos: t.pos,
    }));
    return { tokens, sentences: p.sentences };
  });
  const tokens = paragraphs.reduce((sum, p) => sum + p.tokens.length, 0);
  let best = Number.POSITIVE_INFINITY;
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    for (const p of paragraphs) sink += scoreSentences(p.tokens, p.sentences).score;
    best = Math.min(best, performance.now() - started);
  }
  let bestEnd = Number.POSITIVE_INFINITY;
  for (let r = 0; r < Math.min(rounds, 3); r++) {
    const started = performance.now();
    for (const text of texts) sink += scoreText(text).score;
    bestEnd = Math.min(bestEnd, performance.now() - started);
  }
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return {
    tokens,
    scorerTokensPerSecond: tokens / (best / 1000),
    endToEndTokensPerSecond: tokens / (bestEnd / 1000),
  };
}

/**
 * UCI mean binary accuracy for each value of each scorer option, the others at their defaults
 * (how DEFAULT_OPTIONS were checked; `npm run eval:sentiment -- --sweep`). Tuning set only.
 */
export function sweepOnUci(
  grid: { [K in keyof SentimentOptions]?: Array<SentimentOptions[K]> },
  dir = sharedDataDir(),
): Array<{ option: string; value: unknown; mean: number }> {
  const sets = UCI_FILES.map((name) =>
    loadUci(name, dir).map((example) => {
      const p = readParagraph(example.text, 0);
      const tokens: ScoredToken[] = p.tokens.map((t, i) => ({
        text: t.text,
        isWord: p.isWord[i],
        negated: p.negated[i],
        pos: t.pos,
      }));
      return { gold: example.gold, tokens, sentences: p.sentences };
    }),
  );
  const meanFor = (options: SentimentOptions) => {
    let sum = 0;
    for (const set of sets) {
      let right = 0;
      for (const e of set) {
        const tally = combineTallies(
          e.sentences.map((s) => scoreTokensWith(e.tokens.slice(s.start, s.end), options)),
        );
        if ((tally.score >= 0 ? 'positive' : 'negative') === e.gold) right++;
      }
      sum += right / set.length;
    }
    return (100 * sum) / sets.length;
  };
  const rows: Array<{ option: string; value: unknown; mean: number }> = [];
  for (const [option, values] of Object.entries(grid)) {
    for (const value of values ?? []) {
      rows.push({ option, value, mean: meanFor({ ...DEFAULT_OPTIONS, [option]: value }) });
    }
  }
  return rows;
}
