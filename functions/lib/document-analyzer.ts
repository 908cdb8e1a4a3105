/**
 * The whole pipeline over a document read in chunks: decode -> extract -> segment -> entities ->
 * sentiment -> report, with memory bounded by the block size rather than the document size.
 *
 * Bytes are decoded and extracted as they arrive. Extracted text is held until the document
 * ends or {@link BLOCK_CHARS} of it have accumulated:
 * - a document with less extracted text than that (every ordinary article) is analysed at once,
 *   exactly as `analyzeText` analyses it;
 * - a larger one is analysed block by block, each block ending at a paragraph boundary (or, in a
 *   paragraph longer than a block, at a sentence boundary). The first block decides the language
 *   and the paragraph mode for the whole document; each block's paragraphs are handed out
 *   (`takeParagraphs`) as soon as the block is done, and `merge-blocks.ts` keeps the rest.
 *
 * Pure: no I/O. The caller pushes chunks (from S3, a file or memory) and drains paragraphs.
 */
import { analyzeText, type TextAnalysis } from './analyze-text.ts';
import { magnitudeOf } from './arc.ts';
import { StreamDecoder } from './decode.ts';
import { EXTRACT_HOLD_CHARS, StreamExtractor } from './extract.ts';
import { contentTypeFor, detectFormat } from './format.ts';
import { decideLanguage, ENGLISH_ONLY_STAGES, type LanguageDecision, skippedWarning } from './language.ts';
import { BlockMerger } from './merge-blocks.ts';
import { type ParagraphMode, paragraphModeOf } from './segment.ts';
import { toScore } from './sentiment.ts';
import { MAX_PARAGRAPH_CHARS, sentenceCut } from './split.ts';
import {
  type AnalyzeInput,
  type DocumentFormat,
  type ParagraphReport,
  type Report,
  sourceIdentity,
} from './types.ts';
import { ANALYZER_NAME, ANALYZER_VERSION } from './version.ts';

/** Extracted characters analysed together; larger documents are analysed in blocks of this size. */
export const BLOCK_CHARS = 512 * 1024;

/** Decoded characters looked at to sniff the format when neither content type nor key tell it. */
const SNIFF_CHARS = 64 * 1024;

/** Warning of a report with no paragraphs (empty file, white space only, markup without text). */
export const NO_TEXT_WARNING =
  'The document has no text to analyse (it is empty, white space only, or markup without text).';

/** A report without its paragraphs: what a document analyser returns at the end. */
export type ReportSummary = Omit<Report, 'paragraphs' | 'paragraphsFile'>;

/** Tuning for tests and benchmarks; the defaults are the product's. */
export interface DocumentOptions {
  /** See {@link BLOCK_CHARS}. */
  blockChars?: number;
  /** See `MAX_PARAGRAPH_CHARS` in split.ts. */
  maxParagraphChars?: number;
  /** See `EXTRACT_HOLD_CHARS` in extract.ts. */
  extractHoldChars?: number;
  /**
   * Called after each block of a document analysed in blocks (never for a document under
   * {@link BLOCK_CHARS}). A block's wink document, tokens and tagger arrays are garbage by then:
   * this is where the shell may collect it (see `functions/analyze/heap.ts`). V8 otherwise lets
   * that garbage, promoted to the old generation because it outlives a block's scavenges, pile up
   * to about 4x the live heap before its next full collection.
   */
  afterBlock?: () => void;
}

/** Moves a block's offsets and paragraph indexes to document offsets and indexes. */
function shiftAnalysis(analysis: TextAnalysis, chars: number, paragraphs: number): void {
  if (chars === 0 && paragraphs === 0) return;
  const span = (s: { start: number; end: number }) => {
    s.start += chars;
    s.end += chars;
  };
  const mention = (m: { paragraph: number; start: number; end: number }) => {
    m.paragraph += paragraphs;
    span(m);
  };
  for (const p of analysis.paragraphs) {
    p.index += paragraphs;
    span(p);
    for (const s of p.sentences) span(s);
    for (const e of p.entities) span(e);
  }
  for (const e of analysis.entities) {
    for (const m of e.mentions) mention(m);
    // Entity sentiment's mentions are objects of their own (not shared with `mentions`).
    for (const m of [e.sentiment?.mostPositive, e.sentiment?.mostNegative]) {
      if (m) {
        mention(m);
        span(m.sentence);
      }
    }
  }
  for (const k of analysis.keyPhrases) for (const m of k.mentions) mention(m);
}

/** Offset after the last paragraph break in text[0, limit), or -1 when there is none. */
function lastParagraphBreak(text: string, limit: number, mode: ParagraphMode): number {
  const lastBreak = (before: number) =>
    Math.max(text.lastIndexOf('\n', before - 1), text.lastIndexOf('\r', before - 1));
  let end = limit;
  for (;;) {
    const at = lastBreak(end);
    if (at < 0) return -1;
    if (mode === 'line') return at + 1;
    // The line that this break ends: blank means a paragraph boundary ("\r\n" is one break).
    const breakStart = text[at] === '\n' && text[at - 1] === '\r' ? at - 1 : at;
    const previous = lastBreak(breakStart);
    if (previous >= 0 && !/\S/.test(text.slice(previous + 1, breakStart))) return at + 1;
    end = breakStart;
  }
}

/**
 * Analyses one document pushed in chunks. Use once: `write` each chunk, drain
 * `takeParagraphs` whenever convenient (they are final, in order), then `end`.
 */
export class DocumentAnalyzer {
  private readonly decoder: StreamDecoder;
  private readonly blockChars: number;
  private readonly maxParagraphChars: number;
  private format?: DocumentFormat;
  private extractor?: StreamExtractor;
  /** Decoded text held until the format is known. */
  private sniffed = '';
  /** Extracted text not analysed yet; it starts at document offset `offset`. */
  private pending = '';
  private offset = 0;
  private paragraphCount = 0;
  private mode?: ParagraphMode;
  private language?: LanguageDecision;
  private merger?: BlockMerger;
  private cutInParagraph = false;
  private outbox: ParagraphReport[] = [];
  private size = 0;

  constructor(
    private readonly input: AnalyzeInput = {},
    private readonly options: DocumentOptions = {},
  ) {
    this.decoder = new StreamDecoder(input.key);
    this.blockChars = options.blockChars ?? BLOCK_CHARS;
    this.maxParagraphChars = Math.min(options.maxParagraphChars ?? MAX_PARAGRAPH_CHARS, this.blockChars);
  }

  /** Adds the next chunk of the document's bytes. */
  write(chunk: Uint8Array): void {
    this.size += chunk.length;
    this.addDecoded(this.decoder.push(chunk));
  }

  /** Paragraphs finished since the last call, in order (each is handed out once). */
  takeParagraphs(): ParagraphReport[] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }

  /**
   * Finishes the document. Paragraphs of the last block go to `takeParagraphs`.
   *
   * @throws TextlensError subclasses for input that can never be analysed (binary, bad encoding)
   */
  end(): ReportSummary {
    const decoded = this.decoder.end();
    this.addDecoded(decoded.text);
    if (!this.extractor) this.startExtracting();
    const extractor = this.extractor as StreamExtractor;
    const rest = extractor.end();
    this.addExtracted(rest.text);
    const format = this.format as DocumentFormat;

    let analysis: Omit<TextAnalysis, 'paragraphs' | 'tally' | 'paragraphTallies'> & {
      sentiment: Report['sentiment'];
      blocks?: Report['blocks'];
    };
    if (!this.merger) {
      const whole = analyzeText(this.pending, {
        title: rest.title,
        format,
        maxParagraphChars: this.maxParagraphChars,
      });
      this.outbox.push(...whole.paragraphs);
      const { stats, entities, keyPhrases, sentimentArc, language } = whole;
      const sentiment = { ...toScore(whole.tally), magnitude: magnitudeOf(whole.tally) };
      analysis = { language, stats, entities, keyPhrases, sentimentArc, sentiment };
    } else {
      if (/\S/.test(this.pending)) this.analyzeBlock(this.pending, false);
      const merged = this.merger.finish(this.offset + this.pending.length, rest.title);
      analysis = { ...merged, language: this.language as LanguageDecision };
    }
    this.pending = '';

    const language = analysis.language;
    const warnings = [...decoded.warnings];
    // An empty report must not look like a silent failure: say why there is nothing in it.
    if (analysis.stats.paragraphs === 0) warnings.push(NO_TEXT_WARNING);
    if (!language.english) warnings.push(skippedWarning(language.detection));
    const input = this.input;
    return {
      schemaVersion: '4',
      source: {
        ...sourceIdentity(input),
        size: this.size,
        contentType: input.contentType || contentTypeFor(format),
        format,
        encoding: decoded.encoding,
      },
      analyzer: { name: ANALYZER_NAME, version: ANALYZER_VERSION },
      language: language.language,
      languageDetection: language.detection,
      ...(!language.english && { skippedStages: [...ENGLISH_ONLY_STAGES] }),
      ...(rest.title !== undefined && { title: rest.title }),
      stats: analysis.stats,
      ...(analysis.blocks && { blocks: analysis.blocks }),
      sentiment: analysis.sentiment,
      entities: analysis.entities,
      keyPhrases: analysis.keyPhrases,
      sentimentArc: analysis.sentimentArc,
      ...(warnings.length > 0 && { warnings }),
    };
  }

  private addDecoded(text: string): void {
    if (this.extractor) {
      this.addExtracted(this.extractor.push(text));
      return;
    }
    this.sniffed += text;
    if (this.sniffed.length >= SNIFF_CHARS) this.startExtracting();
  }

  private startExtracting(): void {
    const { input } = this;
    this.format = input.format ?? detectFormat(input.contentType, input.key, this.sniffed);
    this.extractor = new StreamExtractor(this.format, this.options.extractHoldChars ?? EXTRACT_HOLD_CHARS);
    const held = this.sniffed;
    this.sniffed = '';
    this.addExtracted(this.extractor.push(held));
  }

  private addExtracted(text: string): void {
    if (!text) return;
    this.pending += text;
    while (this.pending.length >= this.blockChars) this.cutBlock();
  }

  /** Analyses the first block of `pending`, cut at a paragraph (or sentence) boundary. */
  private cutBlock(): void {
    const text = this.pending;
    const limit = this.blockChars;
    if (!this.merger) {
      // The first block decides for the whole document.
      const first = text.slice(0, limit);
      this.mode = paragraphModeOf(first);
      this.language = decideLanguage(first);
      this.merger = new BlockMerger();
    }
    let cut = lastParagraphBreak(text, limit, this.mode as ParagraphMode);
    let inParagraph = false;
    if (cut <= 0) {
      // One paragraph longer than a block: end the block at a sentence boundary inside it.
      cut = sentenceCut(text, Math.max(0, limit - this.maxParagraphChars), limit).cut;
      inParagraph = true;
    }
    this.pending = text.slice(cut);
    this.analyzeBlock(text.slice(0, cut), inParagraph);
    this.offset += cut;
  }

  private analyzeBlock(block: string, endsInParagraph: boolean): void {
    const analysis = analyzeText(block, {
      format: this.format,
      language: this.language,
      mode: this.mode,
      maxParagraphChars: this.maxParagraphChars,
      startsInParagraph: this.cutInParagraph,
      endsInParagraph,
    });
    this.cutInParagraph = endsInParagraph;
    shiftAnalysis(analysis, this.offset, this.paragraphCount);
    this.paragraphCount += analysis.paragraphs.length;
    (this.merger as BlockMerger).add(analysis);
    this.outbox.push(...analysis.paragraphs);
    this.options.afterBlock?.();
  }
}
