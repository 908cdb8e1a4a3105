/**
 * Shared types of the analysis core and of report contract v3 (v1 fields unchanged; v2 added
 * language detection, entity salience/aliases/sentiment, key phrases and the sentiment arc; v3
 * adds split paragraphs, the JSON Lines paragraphs file of very large reports and block
 * analysis of large documents; see docs/report-schema.md).
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
  'QUANTITY',
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
  /** v3: present (true) when this paragraph is a piece of a longer one, cut at a sentence boundary. */
  split?: true;
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

/** v3: where the paragraphs of a report too large for one JSON document are. */
export interface ParagraphsFile {
  /** Key of the JSON Lines file beside the report (the file name, for reports the CLI writes). */
  key: string;
  format: 'jsonl';
  /** Number of lines: one {@link ParagraphReport} per line, in paragraph order. */
  lines: number;
  /** Size of the file in bytes (UTF-8). */
  bytes: number;
}

/** v3: how a document larger than one block was analysed (absent for ordinary articles). */
export interface BlockAnalysis {
  /** Number of blocks the text was analysed in. */
  count: number;
  /** Largest block, in UTF-16 code units of extracted text. */
  maxChars: number;
  /** Most mentions listed per entity and key phrase (`count` is always the full number). */
  mentionsPerEntity: number;
  /** Entities left out of `entities` (the least salient), to keep the report readable. */
  omittedEntities: number;
}

export interface Report {
  schemaVersion: '4';
  source: SourceInfo;
  analyzer: { name: 'textlens'; version: string };
  /**
   * The language the text was analysed as (ISO 639-1 code, or ISO 639-3 when there is none):
   * the detected language when detection is confident, otherwise `en` (v1 always said `en`).
   */
  language: string;
  /** What the language detector found (v2). */
  languageDetection: LanguageDetection;
  /** English-only stages that were skipped because the text is not English (v2). */
  skippedStages?: SkippedStage[];
  /** Title found by the extractor (HTML <title>/<h1>, Markdown first heading), if any. */
  title?: string;
  stats: {
    characters: number;
    paragraphs: number;
    sentences: number;
    tokens: number;
    words: number;
  };
  /** v3: present when the document was too large to analyse at once (see {@link BlockAnalysis}). */
  blocks?: BlockAnalysis;
  sentiment: DocumentSentiment;
  /** Document entities, aliases merged, most salient first (v1 order was most mentioned first). */
  entities: ReportEntity[];
  /** The paragraphs; absent when they are in {@link Report.paragraphsFile} (v3). */
  paragraphs?: ParagraphReport[];
  /** v3: the paragraphs' JSON Lines file, for reports that would exceed the size threshold. */
  paragraphsFile?: ParagraphsFile;
  /** Top noun phrases, best first (v2). */
  keyPhrases: KeyPhrase[];
  /** Paragraph sentiment as a series (v2). */
  sentimentArc: SentimentArc;
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

/**
 * Which object a report or an error report is about: the input's key, bucket and eTag, each
 * only when known (the schemas have no nulls). The first fields of both reports' `source`.
 */
export function sourceIdentity(input: Pick<AnalyzeInput, 'key' | 'bucket' | 'eTag'>): {
  key?: string;
  bucket?: string;
  eTag?: string;
} {
  return {
    ...(input.key !== undefined && { key: input.key }),
    ...(input.bucket !== undefined && { bucket: input.bucket }),
    ...(input.eTag !== undefined && { eTag: input.eTag }),
  };
}

// ---------------------------------------------------------------------------------------------
// Report v2 additions (docs/report-schema.md)

/** Result of language detection. */
export interface LanguageDetection {
  /** Detected language (ISO 639-1, or ISO 639-3 when there is none), `und` when undetermined. */
  language: string;
  /** 0..1: share of the sampled text that agrees on `language`, reduced for very short texts. */
  confidence: number;
}

/** Stages that only work for English and are skipped for other languages. */
export type SkippedStage = 'names' | 'sentiment' | 'keyPhrases';

/** Document sentiment: v1's score, comparative and label plus Google-style magnitude. */
export interface DocumentSentiment extends SentimentScore {
  /** Total absolute emotional content: sum of |valence| over all words (>= 0, grows with length). */
  magnitude: number;
}

/** A mention with the sentence that holds it and that sentence's comparative score. */
export interface EntitySentimentMention extends EntityMention {
  sentence: { start: number; end: number };
  comparative: number;
}

/** How an entity is portrayed: sentiment of the sentences that mention it. */
export interface EntitySentiment {
  /** Distinct sentences mentioning the entity (the statistics below are over these). */
  sentences: number;
  mean: number;
  min: number;
  max: number;
  label: SentimentLabel;
  /** The mention in the most positive sentence, when some sentence is positive (comparative > 0). */
  mostPositive?: EntitySentimentMention;
  /** The mention in the most negative sentence, when some sentence is negative (comparative < 0). */
  mostNegative?: EntitySentimentMention;
}

/** A document entity as reported in v2. */
export interface ReportEntity extends DocumentEntity {
  /** Other names of the entity merged into it ("Biden", "Mr. Biden" for "Joe Biden"); may be empty. */
  aliases: string[];
  /** 0..1: how central the entity is to the article. */
  salience: number;
  /** Absent when the sentiment stage was skipped. */
  sentiment?: EntitySentiment;
}

/** A key phrase: a noun phrase that recurs or carries the article's topic. */
export interface KeyPhrase {
  /** Most frequent surface form. */
  text: string;
  count: number;
  /** 0..1, relative to the best phrase (which has 1). */
  score: number;
  mentions: EntityMention[];
}

/** Paragraph sentiment as series; index i is paragraph i. */
export interface SentimentArc {
  /** Each paragraph's comparative score. */
  comparative: number[];
  /** Each paragraph's magnitude (sum of |valence|). */
  magnitude: number[];
  /** `comparative` smoothed by a centred moving average of `window` paragraphs. */
  smoothed: number[];
  /** Odd window size of the moving average (1 for short articles). */
  window: number;
}
