/**
 * Character tests for hot loops: ASCII is decided by its code, and only text beyond ASCII goes
 * through a Unicode regex (the answers are exactly the regexes'; test/lib/fast-paths.test.ts).
 */

/** Is the UTF-16 unit an ASCII letter or digit? */
export function isAsciiAlphanumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}

const LETTER = /\p{L}/u;

/** Does the text have a letter? (`/\p{L}/u.test(text)`) */
export function hasLetter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) return true;
    // Beyond ASCII the regex decides, on the rest of the text (no letter came before).
    if (c >= 0x80) return LETTER.test(text.slice(i));
  }
  return false;
}
