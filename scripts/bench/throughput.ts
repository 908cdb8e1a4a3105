/**
 * Row 1: analysis throughput of the full `analyze()` on the news corpus, beside three baselines
 * measured in the same run on the same articles (wink-nlp bare tokenizer, wink-nlp default pipe,
 * the `sentiment` package alone), and a per-stage breakdown that re-runs the pipeline's stages
 * through their exported functions so hot spots are visible.
 *
 * Every measurement is the best of `rounds` passes over all articles, the measurements interleaved
 * round by round (the machine is shared, so the best pass is the least disturbed one); the first
 * pass also warms the JIT.
 */
import Sentiment from 'sentiment';
import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import { analyze, prepare } from '../../functions/lib/analyze.ts';
import { decideLanguage } from '../../functions/lib/language.ts';
import { type TaggerSentence, tagNames } from '../../functions/lib/ner/tagger.ts';
import { readParagraph, WINK_PIPES } from '../../functions/lib/nlp.ts';
import { segmentParagraphs } from '../../functions/lib/segment.ts';
import { type ScoredToken, scoreTokens } from '../../functions/lib/sentiment.ts';
import type { Corpus } from './corpus.ts';

export interface Rate {
  /** Best pass, milliseconds. */
  ms: number;
  tokens: number;
  tokensPerSecond: number;
  megabytesPerSecond: number;
}

export interface ThroughputResult {
  source: string;
  articles: number;
  bytes: number;
  /** Tokens as the report counts them (stats.tokens). */
  tokens: number;
  rounds: number;
  analyze: Rate;
  /**
   * `winkPipes`: wink-nlp with the pipes textlens runs (sbd, negation, pos, ner; nlp.ts), the part
   * of the analysis no change in textlens's own code can speed up.
   */
  baselines: { winkBare: Rate; winkDefault: Rate; sentimentPackage: Rate; winkPipes?: Rate };
  /** analyze speed / baseline speed (same bytes, so a ratio of MB/s). */
  ratios: { winkBare: number; winkDefault: number; sentimentPackage: number };
  /** Milliseconds per stage for one pass over the corpus. */
  stages: Record<string, number>;
}

const FULL = 'full';

/**
 * Best pass of each measurement, the measurements interleaved: round r runs every pass once, in
 * turn, so on a shared machine each measurement's best pass comes from the same stretch of time
 * as the others' (measured one after another, a change of load between them skews the ratios).
 */
function bestInterleaved<K extends string>(
  rounds: number,
  passes: Record<K, () => number>,
): Record<K, { ms: number; tokens: number }> {
  const result = {} as Record<K, { ms: number; tokens: number }>;
  for (const name of Object.keys(passes) as K[]) result[name] = { ms: Number.POSITIVE_INFINITY, tokens: 0 };
  for (let r = 0; r < rounds; r++) {
    for (const name of Object.keys(passes) as K[]) {
      const started = performance.now();
      const tokens = passes[name]();
      const ms = performance.now() - started;
      if (ms < result[name].ms) result[name] = { ms, tokens };
    }
  }
  return result;
}

function rate(measured: { ms: number; tokens: number }, bytes: number): Rate {
  return {
    ms: measured.ms,
    tokens: measured.tokens,
    tokensPerSecond: measured.tokens / (measured.ms / 1000),
    megabytesPerSecond: bytes / 1e6 / (measured.ms / 1000),
  };
}

/**
 * Runs, per document, the full `analyze()` and then the stages of `analyzePrepared` one after
 * another (see analyze.ts), timing each; both see the same machine load, so the rest (report
 * assembly and v2 enrichment) is the full time minus the stages of the same pass.
 */
function stagePass(inputs: readonly Uint8Array[], stages: Record<string, number>): void {
  const add = (name: string, started: number) => {
    stages[name] = (stages[name] ?? 0) + performance.now() - started;
  };
  for (const bytes of inputs) {
    let t = performance.now();
    analyze(bytes, { key: 'article.txt' });
    add(FULL, t);
    t = performance.now();
    const prepared = prepare(bytes, { key: 'article.txt' });
    add('decode+extract', t);
    t = performance.now();
    decideLanguage(prepared.text);
    add('language', t);
    t = performance.now();
    const spans = segmentParagraphs(prepared.text);
    add('segment', t);
    t = performance.now();
    const paragraphs = spans.map((span) =>
      readParagraph(prepared.text.slice(span.start, span.end), span.start),
    );
    add('wink (readParagraph)', t);
    const sentences: TaggerSentence[] = [];
    const scored: ScoredToken[][] = [];
    paragraphs.forEach((p, index) => {
      for (const s of p.sentences) {
        sentences.push({ paragraph: index, tokens: p.tokens.slice(s.start, s.end) });
        const list: ScoredToken[] = [];
        for (let i = s.start; i < s.end; i++) {
          list.push({ text: p.tokens[i].text, isWord: p.isWord[i], negated: p.negated[i] });
        }
        scored.push(list);
      }
    });
    t = performance.now();
    tagNames(sentences);
    add('NER (tagNames)', t);
    t = performance.now();
    for (const list of scored) scoreTokens(list);
    add('sentiment (scoreTokens)', t);
  }
}

export function measureThroughput(corpus: Corpus, rounds: number): ThroughputResult {
  const inputs = corpus.articles.map((a) => new TextEncoder().encode(a));
  const bytes = inputs.reduce((sum, b) => sum + b.length, 0);
  // Warm-up outside the timings: model loads and the JIT's first compilations.
  for (const input of inputs.slice(0, 20)) analyze(input, { key: 'article.txt' });

  const bare = winkNLP(model, []);
  const pipe = winkNLP(model);
  const ours = winkNLP(model, [...WINK_PIPES]);
  const afinn = new Sentiment();
  const wink = (nlp: ReturnType<typeof winkNLP>) => () => {
    let tokens = 0;
    for (const a of corpus.articles) tokens += nlp.readDoc(a).tokens().length();
    return tokens;
  };
  const { full, winkBare, winkDefault, winkPipes, sentimentPackage } = bestInterleaved(rounds, {
    full: () => {
      let tokens = 0;
      for (const input of inputs) tokens += analyze(input, { key: 'article.txt' }).stats.tokens;
      return tokens;
    },
    winkBare: wink(bare),
    winkDefault: wink(pipe),
    winkPipes: wink(ours),
    sentimentPackage: () => {
      let tokens = 0;
      for (const a of corpus.articles) tokens += afinn.analyze(a).tokens.length;
      return tokens;
    },
  });

  // Stage breakdown: the pass with the fastest full analysis of `rounds` (the least disturbed).
  let stages: Record<string, number> = {};
  for (let r = 0; r < rounds; r++) {
    const one: Record<string, number> = {};
    stagePass(inputs, one);
    if (!stages[FULL] || one[FULL] < stages[FULL]) stages = one;
  }
  const { [FULL]: fullInPass, ...measured } = stages;
  const measuredSum = Object.values(measured).reduce((a, b) => a + b, 0);
  stages = { ...measured, 'report assembly + v2 enrichment (rest)': Math.max(0, fullInPass - measuredSum) };
  // Scaled to the best full pass, so the stage rows add up to the analyze row.
  const scale = full.ms / fullInPass;
  for (const name of Object.keys(stages)) stages[name] *= scale;

  const analyzeRate = rate(full, bytes);
  const baselines = {
    winkBare: rate(winkBare, bytes),
    winkDefault: rate(winkDefault, bytes),
    sentimentPackage: rate(sentimentPackage, bytes),
    winkPipes: rate(winkPipes, bytes),
  };
  return {
    source: corpus.source,
    articles: inputs.length,
    bytes,
    tokens: full.tokens,
    rounds,
    analyze: analyzeRate,
    baselines,
    ratios: {
      winkBare: analyzeRate.megabytesPerSecond / baselines.winkBare.megabytesPerSecond,
      winkDefault: analyzeRate.megabytesPerSecond / baselines.winkDefault.megabytesPerSecond,
      sentimentPackage: analyzeRate.megabytesPerSecond / baselines.sentimentPackage.megabytesPerSecond,
    },
    stages,
  };
}
