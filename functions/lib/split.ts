/**
 * Over-long paragraphs: read by wink-nlp in windows and split at sentence boundaries.
 *
 * A "paragraph" of hundreds of thousands of characters (a file with no line breaks, a merged
 * feed) is not a paragraph a reader would recognise, and holding its tokens at once costs memory
 * in proportion to it. Paragraphs longer than {@link MAX_PARAGRAPH_CHARS} become several
 * paragraphs, each ending at a sentence boundary (at the last white space when one sentence is
 * longer than the limit, at the limit itself when there is no white space either), and each is
 * marked `split: true` in the report.
 */
import { type ParagraphTokens, readParagraph } from './nlp.ts';
import { type Span, trimSpan } from './segment.ts';

/** Longest paragraph, in UTF-16 code units, analysed as one (about 3,500 English words). */
export const MAX_PARAGRAPH_CHARS = 20_000;

/** A paragraph span with its wink-nlp reading. */
export interface ReadSpan extends Span {
  nlp: ParagraphTokens;
  /** True when the span is a piece of a longer paragraph. */
  split: boolean;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** The tokens of `read` before token `cut` (sentences and entities that end before it). */
function keepTokens(read: ParagraphTokens, cut: number): ParagraphTokens {
  return {
    tokens: read.tokens.slice(0, cut),
    isWord: read.isWord.slice(0, cut),
    negated: read.negated.slice(0, cut),
    sentences: read.sentences.filter((s) => s.end <= cut),
    entities: read.entities.filter((e) => e.end <= cut),
  };
}

/**
 * Where to cut `text` in [from, to) so the first part ends at a boundary: before the last
 * sentence that starts in the range when there are two or more, else after the last white space,
 * else at `to` (never between the halves of a surrogate pair). Returns the cut offset and the
 * reading of [from, cut) when it could be kept from the look-up.
 */
export function sentenceCut(text: string, from: number, to: number): { cut: number; read?: ParagraphTokens } {
  const read = readParagraph(text.slice(from, to), from);
  const sentences = read.sentences;
  if (sentences.length >= 2) {
    const first = sentences[sentences.length - 1].start;
    return { cut: read.tokens[first].start, read: keepTokens(read, first) };
  }
  let cut = to;
  while (cut > from + 1 && !/\s/.test(text[cut - 1])) cut--;
  if (cut <= from + 1) cut = isHighSurrogate(text.charCodeAt(to - 1)) ? to - 1 : to;
  return { cut };
}

/**
 * Reads a paragraph span with wink-nlp, splitting it when it is longer than `limit`.
 *
 * @param text the text the span points into
 * @param span the paragraph (trimmed, non-empty)
 * @param limit longest piece, in code units
 * @param split mark even an unsplit span as a piece (it continues a paragraph cut elsewhere)
 */
export function readSpans(text: string, span: Span, limit = MAX_PARAGRAPH_CHARS, split = false): ReadSpan[] {
  if (span.end - span.start <= limit) {
    const { start, end } = span;
    return [{ start, end, nlp: readParagraph(text.slice(start, end), start), split }];
  }
  const pieces: ReadSpan[] = [];
  let at = span.start;
  while (at < span.end) {
    let end = span.end;
    let read: ParagraphTokens | undefined;
    if (span.end - at > limit) {
      const found = sentenceCut(text, at, at + limit);
      end = found.cut;
      read = found.read;
    }
    const piece = trimSpan(text, at, end);
    if (piece) {
      read ??= readParagraph(text.slice(piece.start, piece.end), piece.start);
      pieces.push({ ...piece, nlp: read, split: true });
    }
    at = end;
  }
  return pieces;
}
