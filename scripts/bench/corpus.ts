/**
 * The benchmark's news corpus: the token text of CoNLL-2003 eng.testa (Reuters, 1996) joined
 * back into articles, one per `-DOCSTART-`, sentences grouped into paragraphs separated by blank
 * lines. Only the words are used (no labels); the text never leaves the machine (bench-results/
 * is not committed). When ../shared is absent, the repository's sample articles are repeated
 * instead and `source` says so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONLL_TESTA = path.resolve(REPO_ROOT, '../shared/data/ner/conll2003/eng.testa');
const SAMPLES_DIR = path.join(REPO_ROOT, 'samples');

/** Sentences per paragraph when rebuilding articles (Reuters paragraphs are 1-3 sentences). */
const SENTENCES_PER_PARAGRAPH = 3;

export interface Corpus {
  /** Where the text came from (shown in the table). */
  source: string;
  /** Articles, each plain text with blank lines between paragraphs. */
  articles: string[];
}

/** Joins tokens with spaces, without a space before closing punctuation or after opening. */
export function detokenize(words: readonly string[]): string {
  let out = '';
  for (const word of words) {
    if (out === '' || /^[.,;:!?)\]}%]$|^'s$|^n't$|^'$/i.test(word) || /[([{$]$/.test(out)) out += word;
    else out += ` ${word}`;
  }
  return out;
}

function readConllArticles(file: string): string[] {
  const articles: string[] = [];
  let paragraphs: string[] = [];
  let sentences: string[] = [];
  let words: string[] = [];
  const endSentence = () => {
    if (words.length > 0) sentences.push(detokenize(words));
    words = [];
    if (sentences.length >= SENTENCES_PER_PARAGRAPH) endParagraph();
  };
  const endParagraph = () => {
    if (sentences.length > 0) paragraphs.push(sentences.join(' '));
    sentences = [];
  };
  const endArticle = () => {
    endSentence();
    endParagraph();
    if (paragraphs.length > 0) articles.push(paragraphs.join('\n\n'));
    paragraphs = [];
  };
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (line.startsWith('-DOCSTART-')) endArticle();
    else if (line.trim() === '') endSentence();
    else words.push(line.split(' ')[0]);
  }
  endArticle();
  return articles;
}

function readSampleArticles(): string[] {
  return readdirSync(SAMPLES_DIR)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => readFileSync(path.join(SAMPLES_DIR, name), 'utf8'));
}

let cached: { source: string; articles: string[] } | undefined;

/** The base articles (one copy of eng.testa, or the samples). */
export function baseArticles(): { source: string; articles: string[] } {
  if (cached) return cached;
  cached = existsSync(CONLL_TESTA)
    ? { source: 'CoNLL-2003 eng.testa token text (../shared)', articles: readConllArticles(CONLL_TESTA) }
    : { source: 'repo samples/*.txt repeated (../shared/data absent)', articles: readSampleArticles() };
  return cached;
}

/** At least `minBytes` (UTF-8) of articles: the base articles repeated as often as needed. */
export function buildCorpus(minBytes: number): Corpus {
  const base = baseArticles();
  const articles: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < minBytes; i = (i + 1) % base.articles.length) {
    articles.push(base.articles[i]);
    bytes += Buffer.byteLength(base.articles[i]);
  }
  return { source: base.source, articles };
}

/** One article of exactly `bytes` bytes (ASCII corpus; cut at a paragraph boundary, then padded). */
export function buildArticle(bytes: number): string {
  const base = baseArticles().articles.join('\n\n');
  let text = base;
  while (text.length < bytes) text += `\n\n${base}`;
  text = text.slice(0, bytes);
  return text;
}
