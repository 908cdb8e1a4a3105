/**
 * Marks that several stages read the same way on wink-nlp's tokens: hyphens written inside a
 * word, and the punctuation that ends a sentence. Pure.
 */

/** Hyphen characters (hyphen-minus, hyphen, non-breaking hyphen); an en dash is not one. */
export const HYPHENS: ReadonlySet<string> = new Set(['-', '\u2010', '\u2011']);

/**
 * Is tokens[h] a hyphen written with no space on either side ("start-up", "Pierre-Emile")? What
 * the pieces either side must be is the caller's rule. Needs a token before and after `h`.
 */
export function isTightHyphen(
  tokens: readonly { text: string; start: number; end: number }[],
  h: number,
): boolean {
  return (
    HYPHENS.has(tokens[h].text) &&
    tokens[h - 1].end === tokens[h].start &&
    tokens[h].end === tokens[h + 1].start
  );
}

/** The last token of a sentence that ends like one (a headline does not). */
export const SENTENCE_END = /[.!?"'\u2019\u201d\u2026]$/;
