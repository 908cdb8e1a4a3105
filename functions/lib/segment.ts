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
 * @param mode how paragraphs are separated; decided from `text` when omitted (a document read
 *   in blocks decides once, from its first block, and passes the decision on)
 */
export function segmentParagraphs(text: string, mode?: ParagraphMode): Span[] {
  const lines = splitLines(text);
  const firstContent = lines.findIndex((line) => !line.blank);
  if (firstContent === -1) return [];
  let lastContent = lines.length - 1;
  while (lines[lastContent].blank) lastContent--;
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
    if (span) spans.push(span);
  };
  if (!hasBlankSeparator) {
    for (let i = firstContent; i <= lastContent; i++) push(lines[i].start, lines[i].end);
    return spans;
  }
  let runStart = -1;
  for (let i = firstContent; i <= lastContent + 1; i++) {
    const line = lines[i];
    if (line !== undefined && !line.blank) {
      if (runStart === -1) runStart = line.start;
    } else if (runStart !== -1) {
      push(runStart, lines[i - 1].end);
      runStart = -1;
    }
  }
  return spans;
}
