/**
 * Entities stage: merges names from the tagger (PERSON, ORGANIZATION, LOCATION, GROUP, MISC)
 * with wink-nlp's entities (dates, money, numbers, e-mails, URLs, ...), then groups mentions
 * into document entities.
 *
 * Overlaps: a name wins over a DATE/CARDINAL/ORDINAL/DURATION/TIME that overlaps it ("May" as a
 * name, "Apollo 11"), while wink's pattern entities (e-mail, URL, hashtag, mention, emoji,
 * money, percent) win over a name, because their patterns are exact.
 */
import type { DocumentEntity, EntityType, ParagraphEntity } from './types.ts';

/** wink-nlp entity types that yield to an overlapping name. */
const WEAK_TYPES: ReadonlySet<EntityType> = new Set(['DATE', 'CARDINAL', 'ORDINAL', 'DURATION', 'TIME']);

/** Priority: exact patterns first, then names, then weak patterns (longer spans first within). */
function priority(c: { e: ParagraphEntity; name: boolean }): number {
  return c.name ? 1 : WEAK_TYPES.has(c.e.type) ? 2 : 0;
}

/**
 * Merges two lists of character-span entities of one paragraph into one ordered,
 * non-overlapping list.
 */
export function mergeEntities(names: ParagraphEntity[], patterns: ParagraphEntity[]): ParagraphEntity[] {
  // Most paragraphs have no entity or one: nothing can overlap.
  if (names.length + patterns.length <= 1) return [...names, ...patterns];
  const candidates = [...names.map((e) => ({ e, name: true })), ...patterns.map((e) => ({ e, name: false }))];
  candidates.sort(
    (a, b) =>
      priority(a) - priority(b) || b.e.end - b.e.start - (a.e.end - a.e.start) || a.e.start - b.e.start,
  );
  // `kept` stays sorted by start, so each overlap check is a binary search (paragraphs can be huge).
  const kept: ParagraphEntity[] = [];
  for (const { e } of candidates) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (kept[mid].start < e.start) lo = mid + 1;
      else hi = mid;
    }
    const before = kept[lo - 1];
    const after = kept[lo];
    if ((before && before.end > e.start) || (after && after.start < e.end)) continue;
    kept.splice(lo, 0, e);
  }
  return kept;
}

/**
 * Printable ASCII words separated by single spaces, nothing around them: NFKC, the curly
 * apostrophes and the white-space steps of {@link normalizeEntityText} leave such a text as it
 * is (most names), so only lower-casing and the affixes remain.
 */
const PLAIN_ASCII = /^[!-~]+(?: [!-~]+)*$/;

/**
 * The key that groups mentions: NFKC, case-folded, white space collapsed, curly apostrophes
 * straightened, a trailing possessive "'s" and a leading "the " removed.
 */
export function normalizeEntityText(text: string): string {
  let key = PLAIN_ASCII.test(text)
    ? text.toLowerCase()
    : text
        .normalize('NFKC')
        .replace(/[\u2018\u2019]/g, "'")
        .replace(/\s+/g, ' ')
        .trim()
        .toLowerCase();
  if (key.startsWith('the ')) key = key.slice(4);
  if (key.endsWith("'s")) key = key.slice(0, -2);
  return key;
}

/** A possessive surface form ("Acme's"), which loses a tie for the canonical text. */
function possessive(surface: string): boolean {
  return /['\u2019]s$/i.test(surface);
}

interface Group {
  type: EntityType;
  surfaces: Map<string, number>;
  mentions: Array<{ paragraph: number; start: number; end: number }>;
}

/**
 * Groups paragraph entities into document entities by normalised text and type, most mentioned
 * first (ties: earliest first mention). The canonical text is the most frequent surface form
 * (ties: the longest, then the first seen).
 */
export function groupEntities(
  paragraphs: ReadonlyArray<{ index: number; entities: ParagraphEntity[] }>,
): DocumentEntity[] {
  // Type -> normalised text -> group (nested rather than one map keyed by a joined string,
  // which had to be built, flattened and hashed for every mention).
  const byType = new Map<EntityType, Map<string, Group>>();
  const groups: Group[] = [];
  for (const paragraph of paragraphs) {
    for (const entity of paragraph.entities) {
      let ofType = byType.get(entity.type);
      if (!ofType) {
        ofType = new Map();
        byType.set(entity.type, ofType);
      }
      const key = normalizeEntityText(entity.text);
      let group = ofType.get(key);
      if (!group) {
        group = { type: entity.type, surfaces: new Map(), mentions: [] };
        ofType.set(key, group);
        groups.push(group);
      }
      group.surfaces.set(entity.text, (group.surfaces.get(entity.text) ?? 0) + 1);
      group.mentions.push({ paragraph: paragraph.index, start: entity.start, end: entity.end });
    }
  }
  const entities: DocumentEntity[] = [];
  for (const group of groups) {
    let text = '';
    let best = -1;
    for (const [surface, count] of group.surfaces) {
      if (count > best || (count === best && possessive(text) && !possessive(surface))) {
        text = surface;
        best = count;
      }
    }
    entities.push({ text, type: group.type, count: group.mentions.length, mentions: group.mentions });
  }
  return entities.sort((a, b) => b.count - a.count || a.mentions[0].start - b.mentions[0].start);
}
