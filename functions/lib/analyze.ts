/**
 * The analysis pipeline: decode -> extract -> segment -> entities -> sentiment -> report.
 *
 * Pure: no AWS SDK, no environment, no file system, no clock. The Lambda handler, the CLI and
 * the tests all call {@link analyze}. The same bytes and input always give the same report.
 */

import { magnitudeOf } from './arc.ts';
import { decode } from './decode.ts';
import { enrichReport } from './enrich.ts';
import { groupEntities, mergeEntities } from './entities.ts';
import { extract } from './extract.ts';
import { contentTypeFor, detectFormat } from './format.ts';
import { decideLanguage, ENGLISH_ONLY_STAGES, LANGUAGE_NEUTRAL_TYPES, skippedWarning } from './language.ts';
import { type TaggerSentence, tagNames } from './ner/tagger.ts';
import { type ParagraphTokens, readParagraph } from './nlp.ts';
import { segmentParagraphs } from './segment.ts';
import { combineTallies, type SentimentTally, scoreTokens, toDetail, toScore } from './sentiment.ts';
import type {
  AnalyzeInput,
  DocumentFormat,
  ParagraphEntity,
  ParagraphReport,
  Report,
  SentenceReport,
  TextEncoding,
} from './types.ts';
import { ANALYZER_NAME, ANALYZER_VERSION } from './version.ts';

/** Warning of a report with no paragraphs (empty file, white space only, markup without text). */
export const NO_TEXT_WARNING =
  'The document has no text to analyse (it is empty, white space only, or markup without text).';

/** Extracted text and the facts found on the way, before NLP. */
export interface PreparedText {
  text: string;
  format: DocumentFormat;
  encoding: TextEncoding;
  title?: string;
  warnings: string[];
}

/** Decodes and extracts a document (the first two stages). */
export function prepare(bytes: Uint8Array, input: AnalyzeInput = {}): PreparedText {
  const decoded = decode(bytes, input.key);
  const format = input.format ?? detectFormat(input.contentType, input.key, decoded.text);
  const extracted = extract(decoded.text, format);
  return {
    text: extracted.text,
    format,
    encoding: decoded.encoding,
    title: extracted.title,
    warnings: decoded.warnings,
  };
}

/** A token as the sentiment scorer sees it, with no valence (non-English text: words only). */
function unscored<T extends { isWord: boolean }>(token: T): T {
  return { ...token, text: '' };
}

interface ParagraphWork {
  index: number;
  start: number;
  end: number;
  nlp: ParagraphTokens;
  /** Index of this paragraph's first sentence in the document-wide sentence list. */
  firstSentence: number;
}

/**
 * Analyses extracted text (segment, entities, sentiment) and assembles the report.
 *
 * @param prepared the output of {@link prepare}
 * @param input what the caller knows about the source (key, bucket, eTag, content type)
 * @param size the size of the source in bytes
 */
export function analyzePrepared(prepared: PreparedText, input: AnalyzeInput, size: number): Report {
  const { text } = prepared;
  // Language first: for confidently non-English text the English-only stages are skipped.
  const language = decideLanguage(text);
  const work: ParagraphWork[] = [];
  const sentences: TaggerSentence[] = [];
  for (const span of segmentParagraphs(text)) {
    const paragraphNlp = readParagraph(text.slice(span.start, span.end), span.start);
    const index = work.length;
    work.push({
      index,
      start: span.start,
      end: span.end,
      nlp: paragraphNlp,
      firstSentence: sentences.length,
    });
    for (const sentence of paragraphNlp.sentences) {
      sentences.push({ paragraph: index, tokens: paragraphNlp.tokens.slice(sentence.start, sentence.end) });
    }
  }

  // Names need the whole document (a name keeps its type across the article).
  const namesBySentence = new Map<
    number,
    Array<{ start: number; end: number; type: ParagraphEntity['type'] }>
  >();
  for (const name of language.english ? tagNames(sentences) : []) {
    let list = namesBySentence.get(name.sentence);
    if (!list) {
      list = [];
      namesBySentence.set(name.sentence, list);
    }
    list.push(name);
  }

  let tokenCount = 0;
  let wordCount = 0;
  const paragraphTallies: SentimentTally[] = [];
  const paragraphs: ParagraphReport[] = work.map((paragraph) => {
    const { tokens, isWord, negated } = paragraph.nlp;
    tokenCount += tokens.length;
    const entityOf = (start: number, end: number, type: ParagraphEntity['type']): ParagraphEntity => {
      const from = tokens[start].start;
      const to = tokens[end - 1].end;
      return { text: text.slice(from, to), type, start: from, end: to };
    };

    const sentenceTallies: SentimentTally[] = [];
    const sentenceReports: SentenceReport[] = [];
    const names: ParagraphEntity[] = [];
    paragraph.nlp.sentences.forEach((sentence, i) => {
      const scored = [];
      for (let t = sentence.start; t < sentence.end; t++) {
        scored.push({ text: tokens[t].text, isWord: isWord[t], negated: negated[t], pos: tokens[t].pos });
      }
      const tally = language.english ? scoreTokens(scored) : scoreTokens(scored.map(unscored));
      wordCount += tally.words;
      sentenceTallies.push(tally);
      sentenceReports.push({
        start: tokens[sentence.start].start,
        end: tokens[sentence.end - 1].end,
        sentiment: toScore(tally),
      });
      for (const name of namesBySentence.get(paragraph.firstSentence + i) ?? []) {
        names.push(entityOf(sentence.start + name.start, sentence.start + name.end, name.type));
      }
    });
    const patterns = paragraph.nlp.entities
      .filter((e) => language.english || LANGUAGE_NEUTRAL_TYPES.has(e.type))
      .map((e) => entityOf(e.start, e.end, e.type));
    const tally = combineTallies(sentenceTallies);
    paragraphTallies.push(tally);
    return {
      index: paragraph.index,
      start: paragraph.start,
      end: paragraph.end,
      text: text.slice(paragraph.start, paragraph.end),
      sentences: sentenceReports,
      entities: mergeEntities(names, patterns),
      sentiment: toDetail(tally),
    };
  });

  const documentTally = combineTallies(paragraphTallies);
  const enrichment = enrichReport(
    {
      text,
      title: prepared.title,
      paragraphs,
      phraseParagraphs: work.map((p) => ({
        index: p.index,
        tokens: p.nlp.tokens,
        sentences: p.nlp.sentences,
      })),
      paragraphEvidence: paragraphTallies,
      english: language.english,
    },
    groupEntities(paragraphs),
  );
  const report: Report = {
    schemaVersion: '2',
    source: {
      ...(input.key !== undefined && { key: input.key }),
      ...(input.bucket !== undefined && { bucket: input.bucket }),
      ...(input.eTag !== undefined && { eTag: input.eTag }),
      size,
      contentType: input.contentType || contentTypeFor(prepared.format),
      format: prepared.format,
      encoding: prepared.encoding,
    },
    analyzer: { name: ANALYZER_NAME, version: ANALYZER_VERSION },
    language: language.language,
    languageDetection: language.detection,
    ...(!language.english && { skippedStages: [...ENGLISH_ONLY_STAGES] }),
    ...(prepared.title !== undefined && { title: prepared.title }),
    stats: {
      characters: text.length,
      paragraphs: paragraphs.length,
      sentences: sentences.length,
      tokens: tokenCount,
      words: wordCount,
    },
    sentiment: { ...toScore(documentTally), magnitude: magnitudeOf(documentTally) },
    entities: enrichment.entities,
    paragraphs,
    keyPhrases: enrichment.keyPhrases,
    sentimentArc: enrichment.sentimentArc,
  };
  const warnings = [...prepared.warnings];
  // An empty report must not look like a silent failure: say why there is nothing in it.
  if (paragraphs.length === 0) warnings.push(NO_TEXT_WARNING);
  if (!language.english) warnings.push(skippedWarning(language.detection));
  if (warnings.length > 0) report.warnings = warnings;
  return report;
}

/**
 * Analyses one document.
 *
 * @param bytes the raw object content
 * @param input what is known about it (key and content type steer format detection)
 * @returns the report (contract v2, see `schema/report.schema.json` and docs/report-schema.md)
 * @throws TextlensError subclasses for input that can never be analysed (binary, bad encoding)
 */
export function analyze(bytes: Uint8Array, input: AnalyzeInput = {}): Report {
  return analyzePrepared(prepare(bytes, input), input, bytes.length);
}
