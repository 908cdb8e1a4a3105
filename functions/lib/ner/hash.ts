/**
 * Integer hashing shared by the tagger and its training script.
 *
 * Every feature is identified by a 32-bit integer, never by a concatenated string: token
 * strings are hashed once per token (FNV-1a 32-bit over a normalised character stream) and
 * feature ids are then built by mixing small integers. Training and inference must use exactly
 * these functions, so changing any constant here invalidates the shipped model files.
 */

/** FNV-1a 32-bit offset basis. */
export const FNV_OFFSET = 0x811c9dc5;
/** FNV-1a 32-bit prime. */
export const FNV_PRIME = 0x01000193;

/**
 * Lower-cased, diacritic-folded form of the code units U+00C0..U+024F (Latin-1 Supplement and
 * Latin Extended-A/B): "Ł" -> "l", "ó" -> "o", "Ř" -> "r". CoNLL's Reuters text and most word
 * lists write names without diacritics ("Lodz", "Dvorak"), so folding lets "Łódź" and "Dvořák"
 * share the features of their plain spellings.
 */
const FOLD_FROM = 0xc0;
const FOLD_TO = 0x250;
const FOLDED: Uint16Array = (() => {
  const table = new Uint16Array(FOLD_TO - FOLD_FROM);
  const extra: Record<string, string> = {
    ł: 'l',
    ø: 'o',
    đ: 'd',
    ß: 's',
    æ: 'a',
    œ: 'o',
    ð: 'd',
    þ: 't',
    ħ: 'h',
    ı: 'i',
    ŀ: 'l',
    ŧ: 't',
  };
  for (let code = FOLD_FROM; code < FOLD_TO; code++) {
    const lower = String.fromCharCode(code).toLowerCase();
    const base = extra[lower] ?? lower.normalize('NFD').replace(/\p{M}+/gu, '');
    table[code - FOLD_FROM] = base.length === 1 ? base.charCodeAt(0) : lower.charCodeAt(0);
  }
  return table;
})();

/**
 * Normalises one UTF-16 code unit for hashing: ASCII letters are lower-cased, digits all become
 * '0' (so "1996" and "2001" share features), typographic quotes become ASCII ones (wink keeps
 * "’s" as written, CoNLL uses "'s"), Latin letters with diacritics are folded to their base
 * letter. Other non-ASCII letters take the slow path via toLowerCase.
 */
export function normaliseCharCode(code: number): number {
  if (code < 128) {
    if (code >= 65 && code <= 90) return code + 32;
    if (code >= 48 && code <= 57) return 48;
    return code;
  }
  if (code >= FOLD_FROM && code < FOLD_TO) return FOLDED[code - FOLD_FROM];
  if (code === 0x2019 || code === 0x2018 || code === 0x02bc) return 39;
  if (code === 0x201c || code === 0x201d) return 34;
  if (code === 0x2013 || code === 0x2014) return 45;
  return String.fromCharCode(code).toLowerCase().charCodeAt(0);
}

/** FNV-1a of the normalised (lower-cased, digit-folded) form of `text`. */
export function hashNormalised(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ normaliseCharCode(text.charCodeAt(i)), FNV_PRIME);
  }
  return h >>> 0;
}

/** Plain FNV-1a 32-bit of a string's UTF-16 code units (used for word lists keys and tests). */
export function fnv1a(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/**
 * Mixes a template id and up to two values into one 32-bit feature id (murmur3-style finaliser,
 * so that nearby inputs land far apart in the open-addressing tables).
 */
export function featureId(template: number, a: number, b = 0): number {
  let h = Math.imul(template + 0x9e3779b9, 0x85ebca6b) ^ a;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f);
  return (h ^ (h >>> 16)) >>> 0;
}
