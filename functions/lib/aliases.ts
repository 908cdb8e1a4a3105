/**
 * Alias merging: one document entity per real-world name ("Joe Biden", "Biden", "Mr. Biden" ->
 * one PERSON with all mentions).
 *
 * Works on the groups made by `groupEntities` (same type + same normalised text) and merges
 * groups of the same type, for PERSON, ORGANIZATION and LOCATION:
 *
 * - all types: the same name once honorifics ("Mr.", "Dr.", "President", ...) and middle
 *   initials are removed ("Mr. Joe Biden" = "Joe Biden" = "Joe R. Biden");
 * - PERSON: a one-word name equal to the surname (last word) of exactly one longer name; or,
 *   failing that, equal to the given name (first word) of exactly one longer name whose first
 *   mention comes earlier (a first name on its own refers back; it does not introduce);
 * - ORGANIZATION and LOCATION: an acronym of exactly one longer name ("ESA" for "European Space
 *   Agency", "U.S." for "United States"; small words such as "of" and "the" are skipped);
 * - ORGANIZATION: a shorter name that is the leading or trailing part of exactly one longer name
 *   ("Nordwind" for "Nordwind Semiconductors", "United" for "Riverside United"), unless it is a
 *   generic word on its own ("Bank", "University").
 *
 * - across types, for tagger inconsistencies only: an ORGANIZATION / LOCATION name that starts
 *   with a personal title ("Ms. Whitfield") or that is exactly a one-word name tagged PERSON
 *   elsewhere joins that person.
 *
 * Ambiguity blocks a merge: when "Gruber" could be "Anna Gruber" or "Karl Gruber", the short
 * form stays its own entity. Everything is a few map look-ups per entity (O(entities)).
 *
 * The merged entity's `text` is the longest name (most words after removing honorifics; ties:
 * the one written without honorifics, then most mentions, then the first seen), so "Hanna
 * Zdanowska" wins over "Mayor Hanna Zdanowska"; `aliases` lists the other names it absorbed.
 */
import { isAsciiAlphanumeric } from './chars.ts';
import { normalizeEntityText } from './entities.ts';
import { ALIAS_HONORIFICS, COURTESY_TITLES, titleKey } from './ner/titles.ts';
import type { DocumentEntity, EntityType } from './types.ts';

const MERGEABLE: ReadonlySet<EntityType> = new Set<EntityType>(['PERSON', 'ORGANIZATION', 'LOCATION']);

/** Words skipped when building an acronym. */
const ACRONYM_SKIP: ReadonlySet<string> = new Set(['of', 'the', 'and', 'for', 'in', 'on', 'at', 'de', '&']);

/** Organisation words too generic to stand alone as a short form. */
const GENERIC_ORG_WORDS: ReadonlySet<string> = new Set([
  'university',
  'college',
  'school',
  'company',
  'corporation',
  'corp',
  'inc',
  'ltd',
  'group',
  'bank',
  'council',
  'city',
  'government',
  'ministry',
  'department',
  'agency',
  'party',
  'club',
  'association',
  'federation',
  'union',
  'committee',
  'court',
  'police',
  'army',
  'institute',
  'foundation',
  'society',
  'office',
  'service',
  'national',
  'international',
  'european',
  'american',
  'british',
]);

/** A word without the non-letters, non-digits around it ("biden's," -> "biden's"). */
function trimWord(word: string): string {
  // A word that starts and ends with an ASCII letter or digit has nothing to trim: skips the
  // Unicode regex for almost every word.
  if (
    word.length > 0 &&
    isAsciiAlphanumeric(word.charCodeAt(0)) &&
    isAsciiAlphanumeric(word.charCodeAt(word.length - 1))
  )
    return word;
  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** A word in quotes or brackets ('"peggy"', "(jim)"). */
const NICKNAME = /^["\u201c'\u2018(].+["\u201d'\u2019)]$/;

/** {@link nameWords} of a text already normalised with `normalizeEntityText`. */
function wordsOfNormalized(normalized: string, type: EntityType): string[] {
  let raw = normalized.split(' ');
  // A nickname in quotes or brackets is not part of the name for matching: Margaret "Peggy"
  // O'Connell is Margaret O'Connell (and her "O'Connell" is not ambiguous between the two).
  if (type === 'PERSON' && raw.length > 2) raw = raw.filter((w, i) => i === 0 || !NICKNAME.test(w));
  let words = raw.map(trimWord).filter((w) => w.length > 0);
  if (type === 'PERSON') {
    while (words.length > 1 && ALIAS_HONORIFICS.has(words[0])) words = words.slice(1);
    if (words.length > 2) {
      const inner = words.slice(1, -1).filter((w) => w.length > 1);
      words = [words[0], ...inner, words[words.length - 1]];
    }
  }
  return words;
}

/** The words of a name for matching: normalised, honorifics and middle initials removed. */
export function nameWords(text: string, type: EntityType): string[] {
  return wordsOfNormalized(normalizeEntityText(text), type);
}

/** Acronym of a multi-word name ("european space agency" -> "esa"), or undefined. */
export function acronymOf(words: readonly string[]): string | undefined {
  const initials = words.filter((w) => !ACRONYM_SKIP.has(w)).map((w) => w[0]);
  return initials.length >= 2 ? initials.join('') : undefined;
}

/** The letters of a written acronym ("U.S." -> "us", "NASA" -> "nasa"), or undefined. */
export function acronymText(text: string): string | undefined {
  const compact = text.replace(/\./g, '');
  return /^\p{Lu}{2,6}$/u.test(compact) ? compact.toLowerCase() : undefined;
}

interface Node {
  entity: DocumentEntity;
  /** `normalizeEntityText` of the text (names of mergeable types only; '' otherwise). */
  normalized: string;
  words: string[];
  /** Index of the group this node was merged into (union-find parent). */
  parent: number;
  first: number;
}

function firstStart(entity: DocumentEntity): number {
  let first = Number.POSITIVE_INFINITY;
  for (const m of entity.mentions) if (m.start < first) first = m.start;
  return first;
}

/** Adds a value to a multimap. */
function add<K>(map: Map<K, number[]>, key: K, index: number): void {
  const list = map.get(key);
  if (list) list.push(index);
  else map.set(key, [index]);
}

/** The single candidate of a look-up, or undefined when there are none or several. */
function unique(list: readonly number[] | undefined, except: number): number | undefined {
  if (!list) return undefined;
  const others = list.filter((i) => i !== except);
  return others.length === 1 ? others[0] : undefined;
}

/** A document entity with the names merged into it. */
export type MergedEntity = DocumentEntity & { aliases: string[] };

/** Entities that name the same thing: indexes into the input, and the one whose text is kept. */
export interface AliasGroup {
  members: number[];
  best: number;
}

/**
 * Groups name variants (rules in the module comment); {@link mergeAliases} turns the groups into
 * merged entities, a document analysed in blocks merges its per-block counts with them.
 * Only `text`, `type`, `count` and the first mention's start are read.
 */
export function aliasGroups(entities: readonly DocumentEntity[]): AliasGroup[] {
  const nodes: Node[] = entities.map((entity, i) => {
    const normalized = MERGEABLE.has(entity.type) ? normalizeEntityText(entity.text) : '';
    return {
      entity,
      normalized,
      words: normalized ? wordsOfNormalized(normalized, entity.type) : [],
      parent: i,
      first: firstStart(entity),
    };
  });

  // Step 1: identical after honorifics/initials.
  const byKey = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (node.words.length === 0) return;
    const key = `${node.entity.type}\u0000${node.words.join(' ')}`;
    const existing = byKey.get(key);
    if (existing === undefined) byKey.set(key, i);
    else node.parent = existing;
  });

  // Indexes over the longer (multi-word) names that are roots.
  const surnames = new Map<string, number[]>();
  const givenNames = new Map<string, number[]>();
  const acronyms = new Map<string, number[]>();
  const leading = new Map<string, number[]>();
  const trailing = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    if (node.parent !== i || node.words.length < 2) return;
    const type = node.entity.type;
    const w = node.words;
    if (type === 'PERSON') {
      add(surnames, w[w.length - 1], i);
      add(givenNames, w[0], i);
    } else {
      const acronym = acronymOf(w);
      if (acronym) add(acronyms, `${type}\u0000${acronym}`, i);
      if (type === 'ORGANIZATION') {
        for (let k = 1; k < w.length; k++) {
          add(leading, w.slice(0, k).join(' '), i);
          add(trailing, w.slice(k).join(' '), i);
        }
      }
    }
  });

  // Step 2: short forms into their unique long form.
  nodes.forEach((node, i) => {
    if (node.parent !== i || node.words.length === 0) return;
    const type = node.entity.type;
    const key = node.words.join(' ');
    let target: number | undefined;
    if (type === 'PERSON' && node.words.length === 1) {
      const bySurname = surnames.get(key);
      if (bySurname && bySurname.length > 0) {
        target = unique(bySurname, i);
      } else {
        const byGiven = unique(givenNames.get(key), i);
        if (byGiven !== undefined && nodes[byGiven].first < node.first) target = byGiven;
      }
    } else if (type !== 'PERSON') {
      const written = acronymText(node.entity.text);
      if (written) target = unique(acronyms.get(`${type}\u0000${written}`), i);
      if (
        target === undefined &&
        type === 'ORGANIZATION' &&
        !node.words.every((w) => GENERIC_ORG_WORDS.has(w))
      ) {
        const candidates = [...(leading.get(key) ?? []), ...(trailing.get(key) ?? [])];
        target = unique([...new Set(candidates)], i);
      }
    }
    if (target !== undefined && nodes[target].words.length > node.words.length) node.parent = target;
  });

  // Step 3: the tagger sometimes types one person's name differently in one place ("Whitfield"
  // PERSON here, ORGANIZATION there). A non-person name joins a person when it starts with a
  // personal title ("Ms. Whitfield") and names a known person, or when exactly the same one-word
  // name is tagged PERSON elsewhere in the article. "Washington" the place stays apart from
  // "George Washington" unless "Washington" alone is also tagged as a person.
  nodes.forEach((node, i) => {
    const type = node.entity.type;
    if (node.parent !== i || type === 'PERSON' || !MERGEABLE.has(type)) return;
    const raw = node.normalized.split(' ');
    const titled = raw.length > 1 && COURTESY_TITLES.has(titleKey(raw[0]));
    const words = wordsOfNormalized(node.normalized, 'PERSON');
    const key = words.join(' ');
    let target = byKey.get(`PERSON\u0000${key}`);
    if (target === undefined && titled && words.length === 1) target = unique(surnames.get(key), i);
    if (target === undefined || (!titled && words.length !== 1)) return;
    node.words = words;
    node.parent = target;
  });

  // Collect groups (a parent chain is at most two steps: title/type fix -> short form -> long form).
  const root = (i: number): number => {
    let r = i;
    while (nodes[r].parent !== r) r = nodes[r].parent;
    return r;
  };
  const groups = new Map<number, number[]>();
  for (let i = 0; i < nodes.length; i++) add(groups, root(i), i);

  const result: AliasGroup[] = [];
  for (const members of groups.values()) {
    let best = members[0];
    // A group of one (most entities) needs no comparison.
    for (let k = 1; k < members.length; k++) {
      const m = members[k];
      const a = nodes[m];
      const b = nodes[best];
      const rawA = a.entity.text.split(/\s+/).length;
      const rawB = b.entity.text.split(/\s+/).length;
      if (
        a.words.length > b.words.length ||
        (a.words.length === b.words.length && rawA < rawB) ||
        (a.words.length === b.words.length && rawA === rawB && a.entity.count > b.entity.count)
      ) {
        best = m;
      }
    }
    result.push({ members, best });
  }
  return result;
}

/**
 * Merges name variants of PERSON, ORGANIZATION and LOCATION entities (rules in the module
 * comment). Other entities pass through with empty `aliases`. Order: by first mention.
 */
export function mergeAliases(entities: readonly DocumentEntity[]): MergedEntity[] {
  const merged: MergedEntity[] = [];
  for (const { members, best } of aliasGroups(entities)) {
    if (members.length === 1) {
      // Written out: spreading an object into a literal with more keys is V8's slow path.
      const { text, type, count, mentions } = entities[members[0]];
      merged.push({ text, type, count, mentions, aliases: [] });
      continue;
    }
    const text = entities[best].text;
    const aliases = [...new Set(members.map((m) => entities[m].text))].filter((t) => t !== text);
    const mentions = members.flatMap((m) => entities[m].mentions).sort((a, b) => a.start - b.start);
    merged.push({ text, type: entities[best].type, count: mentions.length, mentions, aliases });
  }
  return merged.sort((a, b) => a.mentions[0].start - b.mentions[0].start);
}
