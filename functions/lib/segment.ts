/**
 * Segment stage, part 1: paragraphs.
 *
 * Rules: when the text has at least one blank line (a line of only white space) between two
 * non-blank lines, paragraphs are the runs of lines between blank lines, so hard-wrapped lines
 * stay in one paragraph. When it has none, every non-empty line is a paragraph (feeds and
 * exports often put one paragraph per line). Line breaks are LF, CRLF or CR. Each span excludes
 * its leading and trailing white space, no-break spaces included (JavaScript's `\s`).
 * Sentences inside paragraphs come from wink-nlp (see `nlp.ts`).
 */

/** A paragraph's span in the text: `text.slice(start, end)`, trimmed, never empty. */
export interface Span {
  start: number;
  end: number;
}

const LINE_BREAK = /\r\n|\r|\n/g;
const NON_SPACE = /\S/;

interface Line {
  start: number;
  end: number;
  blank: boolean;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (let match = LINE_BREAK.exec(text); match !== null; match = LINE_BREAK.exec(text)) {
    lines.push({ start, end: match.index, blank: !NON_SPACE.test(text.slice(start, match.index)) });
    start = match.index + match[0].length;
  }
  lines.push({ start, end: text.length, blank: !NON_SPACE.test(text.slice(start)) });
  return lines;
}

/** Most lines of an e-mail signature (an unsubscribe notice, an address, a disclaimer). */
const MAX_SIGNATURE_LINES = 12;

/**
 * The last line of content before an e-mail signature: the lines after the signature
 * delimiter "-- " (dash, dash, space: RFC 3676) at the end of a newsletter ("You are receiving
 * this email because ... Unsubscribe: ...") are not the article. A longer tail is kept: then the
 * line was something else.
 */
function beforeSignature(text: string, lines: readonly Line[], first: number, last: number): number {
  for (let i = last; i > first && last - i < MAX_SIGNATURE_LINES; i--) {
    if (text.slice(lines[i].start, lines[i].end) !== '-- ') continue;
    let end = i - 1;
    while (end > first && lines[end].blank) end--;
    return end;
  }
  return last;
}

/** The paragraph mode {@link segmentParagraphs} chooses for a text on its own. */
export function paragraphModeOf(text: string): ParagraphMode {
  return /\S[^\S\r\n]*(?:\r\n|\r|\n)(?:[^\S\r\n]*(?:\r\n|\r|\n))+[^\S\r\n]*\S/.test(text) ? 'blank' : 'line';
}

/** Shrinks [start, end) to exclude white space at both ends; returns undefined when nothing is left. */
export function trimSpan(text: string, start: number, end: number): Span | undefined {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return s < e ? { start: s, end: e } : undefined;
}

/**
 * How paragraphs are separated: `blank` (blank lines; hard-wrapped lines stay together) or
 * `line` (every non-empty line is a paragraph, for texts without a single blank line).
 */
export type ParagraphMode = 'blank' | 'line';

/**
 * Splits text into paragraph spans, in order, non-overlapping.
 *
 * With `plain` (a plain-text document, where line breaks are the author's layout) a run of
 * lines between blank lines is further cut before list items and after lines that end short
 * of the wrap width (see {@link layoutBreaks}); Markdown and HTML have marked their blocks.
 *
 * @param mode how paragraphs are separated; decided from `text` when omitted (a document read
 *   in blocks decides once, from its first block, and passes the decision on)
 */
export function segmentParagraphs(text: string, mode?: ParagraphMode, plain = false): Span[] {
  const lines = splitLines(text);
  const firstContent = lines.findIndex((line) => !line.blank);
  if (firstContent === -1) return [];
  let lastContent = lines.length - 1;
  while (lines[lastContent].blank) lastContent--;
  if (plain) lastContent = beforeSignature(text, lines, firstContent, lastContent);
  let hasBlankSeparator = mode === 'blank';
  for (let i = firstContent; mode === undefined && i <= lastContent; i++) {
    if (lines[i].blank) {
      hasBlankSeparator = true;
      break;
    }
  }

  const spans: Span[] = [];
  const push = (start: number, end: number) => {
    const span = trimSpan(text, start, end);
    if (span && !SECTION_BREAK.test(text.slice(span.start, span.end))) spans.push(span);
  };
  if (!hasBlankSeparator) {
    for (let i = firstContent; i <= lastContent; i++) push(lines[i].start, lines[i].end);
    return spans;
  }
  let runStart = -1;
  for (let i = firstContent; i <= lastContent + 1; i++) {
    const line = lines[i];
    if (line !== undefined && !line.blank) {
      if (runStart === -1) runStart = i;
    } else if (runStart !== -1) {
      let from = runStart;
      for (const cut of plain ? layoutBreaks(text, lines, runStart, i) : []) {
        push(lines[from].start, lines[cut - 1].end);
        from = cut;
      }
      push(lines[from].start, lines[i - 1].end);
      runStart = -1;
    }
  }
  return spans;
}

/**
 * A line of break marks only ("* * *", "###" ending a press release, "----", "~~~"): layout
 * between sections, not a paragraph (it has no words to analyse).
 */
const SECTION_BREAK = /^[*#=_~\-\u2013\u2014.\u2022\u00b7+\s]+$/;

/** A bullet at the start of a line: a list item wherever it stands. */
const BULLET_ITEM =
  /^[^\S\r\n]*[\u2022\u25e6\u25aa\u25ab\u2023\u25cf\u25cb\u25a0\u25a1\u2219\u00b7][^\S\r\n]+\S/;
/**
 * A dash, "*", "+" or number marker ("1.", "2)") at the start of a line: a list item only when
 * another line of the run has one too, as a wrapped sentence can put "- a draw" or "12. The"
 * at the start of a line.
 */
const ASCII_ITEM = /^[^\S\r\n]*(?:[*+\u2013\u2014-]|\d{1,2}[.)])[^\S\r\n]+\S/;

/** Longest line (characters) below which a run of lines is a list or table, not wrapped prose. */
const NARROW_WRAP = 45;

/**
 * Where a run of non-blank lines of plain text holds more than one paragraph: before each line
 * that starts a list item, and after each line that was ended on purpose rather than wrapped,
 * i.e. a line the next line's first word would still have fitted on (the run's longest line
 * bounds the wrap width, so a wrapped line never qualifies) and that ends a sentence, is in
 * capitals or is clearly short, before a line that does not go on in lower case: a headline,
 * byline or dateline above the story, a short line of a list or table. Returns line indices in
 * (first, end).
 */
function layoutBreaks(text: string, lines: readonly Line[], first: number, end: number): number[] {
  if (end - first < 2) return [];
  const width = (i: number) => text.slice(lines[i].start, lines[i].end).trimEnd().length;
  let wrap = 0;
  for (let i = first; i < end; i++) wrap = Math.max(wrap, width(i));
  // A ragged hand-wrapped line is not a paragraph end: the next line must not continue the
  // sentence in lower case, and the line must end a sentence, be in capitals, or be clearly short.
  // A run whose longest line is short is a list or a table (results, a price list), not prose
  // wrapped at a width: "Manchester City 1-2 Brentford" ran on into "Liverpool 3-1 Aston
  // Villa", and the tagger read "Brentford Liverpool" as one club.
  const narrow = wrap < NARROW_WRAP;
  const endsOnPurpose = (i: number, next: string) => {
    const line = text.slice(lines[i].start, lines[i].end).trim();
    if (/^\s*\p{Ll}/u.test(next)) return false;
    return (
      narrow || /[.!?:;"'\u2019\u201d)]$/.test(line) || !/\p{Ll}/u.test(line) || 3 * width(i) <= 2 * wrap
    );
  };
  const lineText = (i: number) => text.slice(lines[i].start, lines[i].end);
  let asciiItems = 0;
  for (let i = first; i < end && asciiItems < 2; i++) if (ASCII_ITEM.test(lineText(i))) asciiItems++;
  const breaks: number[] = [];
  for (let i = first + 1; i < end; i++) {
    const next = lineText(i);
    const firstWord = /\S+/.exec(next)?.[0] ?? '';
    const item = BULLET_ITEM.test(next) || (asciiItems >= 2 && ASCII_ITEM.test(next));
    if (
      item ||
      BYLINE.test(lineText(i - 1)) ||
      STAMP.test(next) ||
      ((narrow || width(i - 1) + 1 + firstWord.length <= wrap) && endsOnPurpose(i - 1, next))
    )
      breaks.push(i);
  }
  return breaks;
}

/**
 * A byline ("By Maria Gonzalez and David Chen"): a short line of its own, whatever its width
 * says (in a run of two short lines the longest line sets the wrap width, so the byline
 * looked wrapped and ran on into the "Published ..." line after it).
 */
export const BYLINE =
  /^[^\S\r\n]*(?:By|BY)(?:[^\S\r\n]+(?:\p{Lu}[\p{L}\p{M}'\u2019.-]*,?|and|&|[|\u00b7\u2014-]|de|da|van|von|der|del|la|le|al|in|for|the|of)){1,12}[^\S\r\n]*$/u;
/** A publication stamp line ("Published March 20, 2024", "Updated: 5 May"): its own paragraph. */
export const STAMP = /^[^\S\r\n]*(?:Published|Updated|Last updated|Posted|First published)\b:?[^\S\r\n]+\S/i;

/** Quotes and brackets that may close a sentence after its "!" or "?". */
const CLOSERS = /^[)\]"'\u2019\u201d\u00bb]+$/;

/**
 * Joins sentences wink-nlp cut where no reader would:
 * - with no white space between them, inside one written word ("www.example.org", "v2.0.1",
 *   "Ph.D.", "D-N.Y."): the boundary follows a "." "!" or "?" that a letter or digit follows;
 * - before a word in lower case after "!", "?" or an ellipsis, perhaps inside closing quotes
 *   ('"Yes!" they shouted.', '"Why?" asked Tom.'); "iPhone"-style words do not count;
 * - after the number that opens a line ("1. FED HOLDS RATES").
 *
 * @param tokens the paragraph's tokens (document offsets)
 * @param sentences token ranges [start, end), in order
 * @param text the paragraph's text
 * @param offset where the paragraph starts in the document
 */
export function joinSentences(
  tokens: ReadonlyArray<{ text: string; start: number; end: number }>,
  sentences: ReadonlyArray<{ start: number; end: number }>,
  text: string,
  offset: number,
): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const sentence of sentences) {
    const previous = out[out.length - 1];
    if (
      previous &&
      previous.end === sentence.start &&
      (joins(tokens, sentence.start, text, offset) || isListMarker(tokens, previous, text, offset))
    ) {
      previous.end = sentence.end;
    } else out.push({ ...sentence });
  }
  return out;
}

/**
 * The number of a list item or section ("1.", "2)"), as wink splits it. Not a letter: "A." or
 * "Q." opening a line is as often an initial or an interview's marker.
 */
const MARKER = /^\d{1,3}$/;

/**
 * Is the sentence only the marker that opens a line ("1. FED HOLDS RATES" came out as the
 * sentences "1." and "FED HOLDS RATES")?
 */
function isListMarker(
  tokens: ReadonlyArray<{ text: string; start: number; end: number }>,
  sentence: { start: number; end: number },
  text: string,
  offset: number,
): boolean {
  const { start, end } = sentence;
  const marker =
    (end - start === 2 &&
      MARKER.test(tokens[start].text) &&
      /^[.)]$/.test(tokens[start + 1].text) &&
      tokens[start].end === tokens[start + 1].start) ||
    (end - start === 1 && /^\d{1,3}[.)]$/.test(tokens[start].text));
  if (!marker) return false;
  const before = text.slice(0, tokens[start].start - offset);
  return /(?:^|\n)[^\S\n]*$/.test(before);
}

function joins(
  tokens: ReadonlyArray<{ text: string; start: number; end: number }>,
  first: number,
  text: string,
  offset: number,
): boolean {
  const next = tokens[first].text;
  let last = first - 1;
  if (tokens[last].end === tokens[first].start) {
    return /[.!?]$/.test(tokens[last].text) && /^[\p{L}\p{N}]/u.test(next);
  }
  if (!/^\p{Ll}/u.test(next) || /^\p{Ll}+\p{Lu}/u.test(next)) return false;
  // Skip closing quotes and brackets back to the punctuation that ended the sentence.
  while (last > 0 && CLOSERS.test(tokens[last].text)) last--;
  if (!/(?:[!?\u2026]|\.\.\.)$/.test(tokens[last].text)) return false;
  return !/\n\s*\n/.test(text.slice(tokens[first - 1].end - offset, tokens[first].start - offset));
}
