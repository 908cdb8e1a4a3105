/**
 * CoNLL-format corpora for training and evaluating the name tagger: reading, wink-nlp POS
 * tagging aligned back to the corpus tokens, and conlleval-style span scoring.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import winkNLP from 'wink-nlp';
import { ENTITY_TYPE_NAMES, LABELS } from '../../functions/lib/ner/features.ts';
import type { NameSpan, TaggerSentence } from '../../functions/lib/ner/tagger.ts';
import type { Token } from '../../functions/lib/types.ts';

/** A sentence of a corpus: tokens, gold BIO label ids, and wink POS tags (after `tagPos`). */
export interface CorpusSentence {
  words: string[];
  labels: number[];
  pos: string[];
}

/** A document: the unit of document memory. */
export interface CorpusDocument {
  sentences: CorpusSentence[];
}

/** Error for malformed corpus files. */
export class CorpusFormatError extends Error {
  override readonly name = 'CorpusFormatError';
}

/** Location of the shared data folder (../shared/data from the repository root). */
export function sharedDataDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '../../../shared/data');
}

/** True when the shared CoNLL data is present. */
export function hasConllData(dir = sharedDataDir()): boolean {
  return existsSync(path.join(dir, 'ner/conll2003/eng.testb'));
}

const LABEL_IDS = new Map<string, number>(LABELS.map((label, id) => [label, id]));

/**
 * Reads a CoNLL file (4-column CoNLL-2003 or 2-column `token TAG`), one document per
 * `-DOCSTART-` (a file without them is one document). Tags may be IOB1 or BIO; they are turned
 * into BIO (an I-X not continuing an X becomes B-X). Types outside PER/ORG/LOC/MISC are dropped.
 */
export function readConll(file: string): CorpusDocument[] {
  const documents: CorpusDocument[] = [];
  let current: CorpusDocument = { sentences: [] };
  let sentence: CorpusSentence = { words: [], labels: [], pos: [] };
  let previousTag = 'O';
  const endSentence = () => {
    if (sentence.words.length > 0) current.sentences.push(sentence);
    sentence = { words: [], labels: [], pos: [] };
    previousTag = 'O';
  };
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  for (const [lineNumber, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '') {
      endSentence();
      continue;
    }
    const columns = trimmed.split(/\s+/);
    if (columns[0] === '-DOCSTART-') {
      endSentence();
      if (current.sentences.length > 0) documents.push(current);
      current = { sentences: [] };
      continue;
    }
    // A whitespace-only token (btc.conll has some) leaves just the tag: skip it, wink never makes one.
    if (columns.length === 1 && /^(O|[BI]-[A-Z]+)$/.test(columns[0])) continue;
    if (columns.length < 2)
      throw new CorpusFormatError(`${file}:${lineNumber + 1}: expected "token ... TAG"`);
    const word = columns[0];
    let tag = columns[columns.length - 1];
    const type = tag.slice(2);
    if (tag !== 'O' && !(ENTITY_TYPE_NAMES as readonly string[]).includes(type)) tag = 'O';
    if (tag.startsWith('I-') && previousTag.slice(2) !== type) tag = `B-${type}`;
    previousTag = tag;
    const id = LABEL_IDS.get(tag);
    if (id === undefined) throw new CorpusFormatError(`${file}:${lineNumber + 1}: unknown tag ${tag}`);
    sentence.words.push(word);
    sentence.labels.push(id);
  }
  endSentence();
  if (current.sentences.length > 0) documents.push(current);
  return documents;
}

type WinkNlp = ReturnType<typeof winkNLP>;
let nlp: WinkNlp | undefined;

/** The wink-nlp instance the core uses (English lite web model). */
export function wink(): WinkNlp {
  if (!nlp) {
    const require = createRequire(import.meta.url);
    nlp = winkNLP(require('wink-eng-lite-web-model'));
  }
  return nlp;
}

/**
 * Tags each sentence with wink-nlp universal POS, as the core will at run time: the corpus
 * tokens are joined with spaces and read by wink; each corpus token takes the POS of the first
 * wink token starting inside it (wink splits e.g. "York-based"), preferring a non-punctuation
 * piece; a corpus token no wink token starts in takes the POS of the wink token covering it.
 */
export function tagPos(documents: CorpusDocument[]): void {
  const engine = wink();
  const its = engine.its;
  for (const document of documents) {
    for (const sentence of document.sentences) {
      const text = sentence.words.join(' ');
      const doc = engine.readDoc(text);
      const winkWords = doc.tokens().out() as string[];
      const winkPos = doc.tokens().out(its.pos) as string[];
      const winkStarts: number[] = [];
      let cursor = 0;
      for (const w of winkWords) {
        const at = text.indexOf(w, cursor);
        const start = at < 0 ? cursor : at;
        winkStarts.push(start);
        cursor = at < 0 ? cursor : at + w.length;
      }
      let offset = 0;
      let k = 0;
      sentence.pos = sentence.words.map((word) => {
        const start = offset;
        const end = offset + word.length;
        offset = end + 1;
        while (k < winkStarts.length && winkStarts[k] + (winkWords[k]?.length ?? 0) <= start) k++;
        let chosen = '';
        for (let j = k; j < winkStarts.length && winkStarts[j] < end; j++) {
          if (winkStarts[j] < start) continue;
          if (chosen === '' || (chosen === 'PUNCT' && winkPos[j] !== 'PUNCT')) chosen = winkPos[j];
        }
        if (chosen === '') chosen = k < winkPos.length ? winkPos[k] : 'X';
        return chosen;
      });
    }
  }
}

/** Converts a corpus document to the tagger's input (synthetic character offsets). */
export function toTaggerSentences(document: CorpusDocument): TaggerSentence[] {
  return document.sentences.map((sentence) => {
    let offset = 0;
    const tokens: Token[] = sentence.words.map((text, i) => {
      const token = { text, pos: sentence.pos[i] ?? 'X', start: offset, end: offset + text.length };
      offset += text.length + 1;
      return token;
    });
    return { paragraph: 0, tokens };
  });
}

/** An entity span for scoring: sentence-local token range and CoNLL type. */
export interface ScoredSpan {
  sentence: number;
  start: number;
  end: number;
  type: string;
}

/** Spans of a BIO label sequence (label ids as in `LABELS`). */
export function spansFromLabels(labels: readonly number[], sentence: number): ScoredSpan[] {
  const spans: ScoredSpan[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 0) continue;
    const type = ENTITY_TYPE_NAMES[(labels[i] - 1) >> 1];
    let end = i + 1;
    while (
      end < labels.length &&
      labels[end] !== 0 &&
      labels[end] % 2 === 0 &&
      ENTITY_TYPE_NAMES[(labels[end] - 1) >> 1] === type
    ) {
      end++;
    }
    spans.push({ sentence, start: i, end, type });
    i = end - 1;
  }
  return spans;
}

/** CoNLL type of a tagger type: GROUP and MISC both score as MISC. */
export function conllTypeOf(span: NameSpan): string {
  switch (span.type) {
    case 'PERSON':
      return 'PER';
    case 'ORGANIZATION':
      return 'ORG';
    case 'LOCATION':
      return 'LOC';
    default:
      return 'MISC';
  }
}

/** Precision, recall, F1 (0..1) with the counts behind them. */
export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  predicted: number;
  correct: number;
}

function prf(correct: number, gold: number, predicted: number): Prf {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = gold === 0 ? 0 : correct / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, gold, predicted, correct };
}

/** Scores of a run, conlleval-style (exact span and type). */
export interface EvaluationResult {
  byType: Record<string, Prf>;
  overall: Prf;
  /** Exact span, type ignored. */
  untyped: Prf;
  tokens: number;
}

/** Accumulates gold and predicted spans document by document, then scores them. */
export class SpanScorer {
  private readonly counts = new Map<string, { gold: number; predicted: number; correct: number }>();
  private untypedCorrect = 0;
  private goldTotal = 0;
  private predictedTotal = 0;
  tokens = 0;

  private count(type: string) {
    let c = this.counts.get(type);
    if (!c) {
      c = { gold: 0, predicted: 0, correct: 0 };
      this.counts.set(type, c);
    }
    return c;
  }

  /** Adds one document's spans (sentence indices local to the document). */
  add(gold: readonly ScoredSpan[], predicted: readonly ScoredSpan[]): void {
    const key = (s: ScoredSpan) => `${s.sentence}:${s.start}:${s.end}`;
    const goldTyped = new Set(gold.map((s) => `${key(s)}:${s.type}`));
    const goldUntyped = new Set(gold.map(key));
    for (const s of gold) this.count(s.type).gold++;
    for (const s of predicted) {
      const c = this.count(s.type);
      c.predicted++;
      if (goldTyped.has(`${key(s)}:${s.type}`)) c.correct++;
      if (goldUntyped.has(key(s))) this.untypedCorrect++;
    }
    this.goldTotal += gold.length;
    this.predictedTotal += predicted.length;
  }

  result(): EvaluationResult {
    const byType: Record<string, Prf> = {};
    let correct = 0;
    for (const type of ENTITY_TYPE_NAMES) {
      const c = this.count(type);
      byType[type] = prf(c.correct, c.gold, c.predicted);
      correct += c.correct;
    }
    return {
      byType,
      overall: prf(correct, this.goldTotal, this.predictedTotal),
      untyped: prf(this.untypedCorrect, this.goldTotal, this.predictedTotal),
      tokens: this.tokens,
    };
  }
}

/** Runs a tagger over POS-tagged documents and scores it against their gold labels. */
export function evaluateTagger(
  documents: readonly CorpusDocument[],
  tag: (sentences: readonly TaggerSentence[]) => NameSpan[],
): EvaluationResult {
  const scorer = new SpanScorer();
  for (const document of documents) {
    const gold = document.sentences.flatMap((sentence, s) => spansFromLabels(sentence.labels, s));
    const predicted = tag(toTaggerSentences(document)).map((span) => ({
      sentence: span.sentence,
      start: span.start,
      end: span.end,
      type: conllTypeOf(span),
    }));
    scorer.add(gold, predicted);
    for (const sentence of document.sentences) scorer.tokens += sentence.words.length;
  }
  return scorer.result();
}

/** Formats a result as a table (percentages). */
export function formatResult(result: EvaluationResult): string {
  const pct = (x: number) => (100 * x).toFixed(2).padStart(6);
  const row = (name: string, p: Prf) =>
    `${name.padEnd(8)} ${pct(p.precision)} ${pct(p.recall)} ${pct(p.f1)} ${String(p.gold).padStart(6)} ${String(p.predicted).padStart(6)}`;
  const lines = [
    `${'type'.padEnd(8)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'gold'.padStart(6)} ${'pred'.padStart(6)}`,
  ];
  for (const [type, p] of Object.entries(result.byType)) lines.push(row(type, p));
  lines.push(row('overall', result.overall));
  lines.push(row('untyped', result.untyped));
  return lines.join('\n');
}

/** Reads a CoNLL file, POS-tags it with wink and evaluates `tag` on it. */
export function evaluateConllSet(
  file: string,
  tag: (sentences: readonly TaggerSentence[]) => NameSpan[],
): { result: EvaluationResult; documents: CorpusDocument[] } {
  const documents = readConll(file);
  tagPos(documents);
  return { result: evaluateTagger(documents, tag), documents };
}

/** Throughput of the tagger (input prepared beforehand) and, for reference, of wink's readDoc. */
export function measureSpeed(
  documents: readonly CorpusDocument[],
  tag: (sentences: readonly TaggerSentence[]) => NameSpan[],
  rounds = 5,
): { taggerTokensPerSecond: number; winkTokensPerSecond: number } {
  const inputs = documents.map(toTaggerSentences);
  let tokens = 0;
  for (const d of documents) for (const s of d.sentences) tokens += s.words.length;
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    for (const input of inputs) tag(input);
    best = Math.min(best, performance.now() - started);
  }
  const engine = wink();
  const texts = documents.map((d) => d.sentences.map((s) => s.words.join(' ')).join('\n\n'));
  let winkBest = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 2; r++) {
    const started = performance.now();
    for (const text of texts) engine.readDoc(text).tokens().out(engine.its.pos);
    winkBest = Math.min(winkBest, performance.now() - started);
  }
  return { taggerTokensPerSecond: (tokens / best) * 1000, winkTokensPerSecond: (tokens / winkBest) * 1000 };
}
