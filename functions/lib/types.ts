/**
 * Shared types of the analysis core and of report contract v1.
 *
 * Offsets everywhere are UTF-16 code-unit offsets (JavaScript string indices) into the
 * *extracted* text (`Report.text` is not stored; for plain text it is the decoded content with
 * the BOM removed). `start` is inclusive, `end` exclusive: `text.slice(start, end)`.
 */

/** Input formats the extractor understands. */
export type DocumentFormat = 'text' | 'markdown' | 'html';

/** Encodings the decoder can recognise. `windows-1252` is the fallback for non-UTF-8 bytes. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Sentiment label; thresholds are documented in `sentiment.ts`. */
export type SentimentLabel = 'positive' | 'negative' | 'neutral' | 'mixed';

/** Entity types, exactly as they appear in reports. */
export const ENTITY_TYPES = [
  'PERSON',
  'ORGANIZATION',
  'LOCATION',
  'GROUP',
  'MISC',
  'DATE',
  'TIME',
  'DURATION',
  'MONEY',
  'PERCENT',
  'CARDINAL',
  'ORDINAL',
  'EMAIL',
  'URL',
  'HASHTAG',
  'MENTION',
  'EMOJI',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Types produced by the name tagger (people, organisations, places, groups, other names). */
export type NameType = 'PERSON' | 'ORGANIZATION' | 'LOCATION' | 'GROUP' | 'MISC';

/** A token with its character span; produced by `tokens.ts` from wink-nlp. */
export interface Token {
  /** Token text exactly as in the source (`text.slice(start, end)`). */
  text: string;
  /** Universal POS tag from wink-nlp (PROPN, NOUN, VERB, ...). */
  pos: string;
  start: number;
  end: number;
}

/** Sentiment of a span. */
export interface SentimentScore {
  /** Sum of word valences (AFINN scale, each word -5..+5, after negation and intensifiers). */
  score: number;
  /** `score` divided by the number of words in the span; roughly -5..+5, typically -1..+1. */
  comparative: number;
  label: SentimentLabel;
}

/** Sentiment with the words that drove it. */
export interface SentimentDetail extends SentimentScore {
  /** Words that contributed positively, in order of appearance (lower-cased). */
  positive: string[];
  /** Words that contributed negatively, in order of appearance (lower-cased). */
  negative: string[];
}

export interface SentenceReport {
  start: number;
  end: number;
  sentiment: SentimentScore;
}

export interface ParagraphEntity {
  text: string;
  type: EntityType;
  start: number;
  end: number;
}

export interface ParagraphReport {
  index: number;
  start: number;
  end: number;
  text: string;
  sentences: SentenceReport[];
  entities: ParagraphEntity[];
  sentiment: SentimentDetail;
}

export interface EntityMention {
  /** Index of the paragraph holding the mention. */
  paragraph: number;
  start: number;
  end: number;
}

export interface DocumentEntity {
  /** Canonical surface form (the most frequent, then longest, mention). */
  text: string;
  type: EntityType;
  count: number;
  mentions: EntityMention[];
}

export interface SourceInfo {
  key?: string;
  bucket?: string;
  eTag?: string;
  size: number;
  contentType: string;
  format: DocumentFormat;
  encoding: TextEncoding;
}

export interface Report {
  schemaVersion: '1';
  source: SourceInfo;
  analyzer: { name: 'textlens'; version: string };
  language: 'en';
  /** Title found by the extractor (HTML <title>/<h1>, Markdown first heading), if any. */
  title?: string;
  stats: {
    characters: number;
    paragraphs: number;
    sentences: number;
    tokens: number;
    words: number;
  };
  sentiment: SentimentScore;
  entities: DocumentEntity[];
  paragraphs: ParagraphReport[];
  /** Notes about repairs or doubts (e.g. invalid UTF-8 bytes read as Windows-1252). */
  warnings?: string[];
}

/** What the caller knows about the input besides its bytes. */
export interface AnalyzeInput {
  key?: string;
  bucket?: string;
  eTag?: string;
  /** MIME type as given by the uploader (may be empty or generic). */
  contentType?: string;
  /** Force a format instead of detecting it. */
  format?: DocumentFormat;
}
