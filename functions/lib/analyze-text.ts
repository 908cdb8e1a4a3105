/**
 * Segment -> entities -> sentiment -> enrichment for one extracted text: a whole article, or one
 * block of a large one (see `document-analyzer.ts`). Pure, like the rest of the core.
 *
 * Offsets in the result point into `text`; a caller analysing a block shifts them to document
 * offsets (`shiftAnalysis`).
 */
import { applyCodes } from './codes.ts';
import { enrichReport } from './enrich.ts';
import { bareLinkEntities, groupEntities, mergeEntities, refinePatternEntities } from './entities.ts';
import { decideLanguage, LANGUAGE_NEUTRAL_TYPES, type LanguageDecision } from './language.ts';
import { joinModelNumbers } from './ner/document-rules.ts';
import { type TaggerSentence, tagNames } from './ner/tagger.ts';
import { type ParagraphMode, segmentParagraphs } from './segment.ts';
import {
  combineTallies,
  type SentimentTally,
  scoredToken,
  scoreTokens,
  toDetail,
  toScore,
} from './sentiment.ts';
import { MAX_PARAGRAPH_CHARS, type ReadSpan, readSpans } from './split.ts';
import type {
  DocumentFormat,
  EntityType,
  KeyPhrase,
  ParagraphEntity,
  ParagraphReport,
  ReportEntity,
  SentenceReport,
  SentimentArc,
  Token,
} from './types.ts';

/** What the caller knows about the text beyond the text itself. */
export interface TextContext {
  /** Title found by the extractor (salience looks for entity names in it). */
  title?: string;
  /** Language decision made elsewhere (a large document decides once, from its first block). */
  language?: LanguageDecision;
  /** The document's format: in plain text, line layout marks paragraphs too (see `segmentParagraphs`). */
  format?: DocumentFormat;
  /** Paragraph mode decided elsewhere (see `segmentParagraphs`). */
  mode?: ParagraphMode;
  /** Longest paragraph analysed as one (default {@link MAX_PARAGRAPH_CHARS}). */
  maxParagraphChars?: number;
  /** The text starts inside a paragraph that the caller cut: its first paragraph is a piece. */
  startsInParagraph?: boolean;
  /** The text ends inside a paragraph that the caller cut: its last paragraph is a piece. */
  endsInParagraph?: boolean;
}

/** The analysis of one text: everything of a report that depends on the text. */
export interface TextAnalysis {
  language: LanguageDecision;
  /** Sentiment evidence of the whole text (the sum of its paragraphs'). */
  tally: SentimentTally;
  /** Per-paragraph tallies, in paragraph order (the arc's magnitudes come from these). */
  paragraphTallies: SentimentTally[];
  stats: { characters: number; paragraphs: number; sentences: number; tokens: number; words: number };
  entities: ReportEntity[];
  paragraphs: ParagraphReport[];
  keyPhrases: KeyPhrase[];
  sentimentArc: SentimentArc;
}

/** A token as the sentiment scorer sees it, with no valence (non-English text: words only). */
function unscored<T extends { isWord: boolean }>(token: T): T {
  return { ...token, text: '' };
}

/** The entity spanning tokens[start, end) of a paragraph. */
function entityOf(
  text: string,
  tokens: readonly Token[],
  start: number,
  end: number,
  type: ParagraphEntity['type'],
): ParagraphEntity {
  const from = tokens[start].start;
  const to = tokens[end - 1].end;
  return { text: text.slice(from, to), type, start: from, end: to };
}

/**
 * A name's tokens [start, end) cut to its longest run without a `separator` between tokens: a
 * tab separates columns ("Dana Whitfield<TAB>Editor" is a name and a job title), and in HTML a
 * line break is a <br> ("By Jane Porter<br>Tuesday"), never a wrap inside a name.
 */
function withinColumn(
  text: string,
  tokens: readonly Token[],
  start: number,
  end: number,
  separator: RegExp,
): [number, number] {
  let best: [number, number] = [start, end];
  let from = start;
  for (let t = start + 1; t <= end; t++) {
    if (t < end && !separator.test(text.slice(tokens[t - 1].end, tokens[t].start))) continue;
    if (from === start && t === end) return best;
    if (from === start || t - from > best[1] - best[0]) best = [from, t];
    from = t;
  }
  return best;
}

/** An initial of a name: "J.", "J.K.". */
const INITIAL = /^(?:\p{Lu}\.)+$/u;

/** Entity types of names (the tagger's), which key phrases stay out of. */
const NAME_TYPES: ReadonlySet<EntityType> = new Set<EntityType>([
  'PERSON',
  'ORGANIZATION',
  'LOCATION',
  'GROUP',
  'MISC',
]);

interface ParagraphWork extends ReadSpan {
  index: number;
  /** Index of this paragraph's first sentence in the text-wide sentence list. */
  firstSentence: number;
}

/** Reads the paragraphs of `text`, splitting over-long ones (and marking pieces of cut ones). */
function readParagraphs(text: string, context: TextContext): ReadSpan[] {
  const spans = segmentParagraphs(text, context.mode, context.format === 'text');
  const limit = context.maxParagraphChars ?? MAX_PARAGRAPH_CHARS;
  const last = spans.length - 1;
  return spans.flatMap((span, i) =>
    readSpans(
      text,
      span,
      limit,
      (i === 0 && context.startsInParagraph === true) || (i === last && context.endsInParagraph === true),
    ),
  );
}

/**
 * Analyses an extracted text (segment, entities, sentiment, enrichment).
 *
 * @param text the extracted text (or one block of it)
 * @param context title, and decisions made for the whole document
 */
export function analyzeText(text: string, context: TextContext = {}): TextAnalysis {
  // Language first: for confidently non-English text the English-only stages are skipped.
  const language = context.language ?? decideLanguage(text);
  const work: ParagraphWork[] = [];
  const sentences: TaggerSentence[] = [];
  for (const read of readParagraphs(text, context)) {
    const index = work.length;
    const { start, end, nlp, split } = read;
    work.push({ start, end, nlp, split, index, firstSentence: sentences.length });
    for (const sentence of read.nlp.sentences) {
      sentences.push({ paragraph: index, tokens: read.nlp.tokens.slice(sentence.start, sentence.end) });
    }
  }

  // Names need the whole text (a name keeps its type across the article).
  const namesBySentence = new Map<
    number,
    Array<{ start: number; end: number; type: ParagraphEntity['type'] }>
  >();
  const tagged = language.english ? tagNames(sentences) : [];
  for (const name of joinModelNumbers(
    sentences.map((s) => s.tokens),
    tagged,
  )) {
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
    const { tokens } = paragraph.nlp;
    tokenCount += tokens.length;

    const sentenceTallies: SentimentTally[] = [];
    const sentenceReports: SentenceReport[] = [];
    const names: ParagraphEntity[] = [];
    paragraph.nlp.sentences.forEach((sentence, i) => {
      // Words of a name of two or more words are not opinions ("Great Western Railway", "Best Buy").
      const inName = new Set<number>();
      for (const name of namesBySentence.get(paragraph.firstSentence + i) ?? []) {
        if (name.end - name.start >= 2)
          for (let t = name.start; t < name.end; t++) inName.add(sentence.start + t);
      }
      const scored = [];
      for (let t = sentence.start; t < sentence.end; t++) {
        const token = scoredToken(paragraph.nlp, t);
        scored.push(inName.has(t) ? unscored(token) : token);
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
        let [start, end] = withinColumn(
          text,
          tokens,
          sentence.start + name.start,
          sentence.start + name.end,
          context.format === 'html' ? /[\t\n\r]/ : /\t/,
        );
        // Initials the tagger left out ("J. K. Morales" came out as "K. Morales"), but not a
        // letter written onto a number, a model's suffix ("777X. Boeing said" gave "X. Boeing").
        while (
          name.type === 'PERSON' &&
          start > sentence.start &&
          INITIAL.test(tokens[start - 1].text) &&
          /^[^\S\t\r\n]*$/.test(text.slice(tokens[start - 1].end, tokens[start].start)) &&
          !(
            start - 1 > sentence.start &&
            tokens[start - 2].end === tokens[start - 1].start &&
            /\d$/.test(tokens[start - 2].text)
          )
        )
          start--;
        names.push(entityOf(text, tokens, start, end, name.type));
      }
    });
    const coded = applyCodes(
      text,
      paragraph.start,
      paragraph.end,
      names,
      [
        ...refinePatternEntities(text, tokens, paragraph.nlp.entities),
        ...bareLinkEntities(text, paragraph.start, paragraph.end),
      ].filter((e) => language.english || LANGUAGE_NEUTRAL_TYPES.has(e.type)),
    );
    const tally = combineTallies(sentenceTallies);
    paragraphTallies.push(tally);
    return {
      index: paragraph.index,
      start: paragraph.start,
      end: paragraph.end,
      text: text.slice(paragraph.start, paragraph.end),
      sentences: sentenceReports,
      entities: mergeEntities(coded.names, coded.patterns),
      sentiment: toDetail(tally),
      ...(paragraph.split && { split: true as const }),
    };
  });

  const enrichment = enrichReport(
    {
      text,
      title: context.title,
      paragraphs,
      phraseParagraphs: work.map((p, i) => ({
        index: p.index,
        tokens: p.nlp.tokens,
        sentences: p.nlp.sentences,
        names: paragraphs[i].entities.filter((e) => NAME_TYPES.has(e.type)),
      })),
      paragraphEvidence: paragraphTallies,
      english: language.english,
    },
    groupEntities(paragraphs),
  );
  return {
    language,
    tally: combineTallies(paragraphTallies),
    paragraphTallies,
    stats: {
      characters: text.length,
      paragraphs: paragraphs.length,
      sentences: sentences.length,
      tokens: tokenCount,
      words: wordCount,
    },
    entities: enrichment.entities,
    paragraphs,
    keyPhrases: enrichment.keyPhrases,
    sentimentArc: enrichment.sentimentArc,
  };
}
