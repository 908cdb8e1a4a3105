import { describe, expect, it } from 'vitest';
import { acronymOf, acronymText, mergeAliases, nameWords } from '../../functions/lib/aliases.ts';
import type { DocumentEntity, EntityType } from '../../functions/lib/types.ts';

let offset = 0;
/** An entity with `count` mentions at increasing offsets. */
function entity(text: string, type: EntityType, count = 1): DocumentEntity {
  const mentions = Array.from({ length: count }, () => {
    const start = offset;
    offset += 100;
    return { paragraph: 0, start, end: start + text.length };
  });
  return { text, type, count, mentions };
}

function names(merged: ReturnType<typeof mergeAliases>) {
  return merged.map((e) => ({ text: e.text, aliases: e.aliases, count: e.count }));
}

describe('alias merging', () => {
  it('Joe Biden, Biden and Mr. Biden are one PERSON with all mentions', () => {
    const merged = mergeAliases([
      entity('Joe Biden', 'PERSON'),
      entity('Biden', 'PERSON', 3),
      entity('Mr. Biden', 'PERSON', 2),
    ]);
    expect(names(merged)).toEqual([{ text: 'Joe Biden', aliases: ['Biden', 'Mr. Biden'], count: 6 }]);
    const starts = merged[0].mentions.map((m) => m.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('a nickname in quotes does not make a second person', () => {
    expect(nameWords('Margaret "Peggy" O\'Connell', 'PERSON')).toEqual(['margaret', "o'connell"]);
    const merged = mergeAliases([
      entity("Margaret O'Connell", 'PERSON'),
      entity('Margaret "Peggy" O\'Connell', 'PERSON'),
      entity("O'Connell", 'PERSON', 2),
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0].count).toBe(4);
  });

  it('the name without an honorific is the canonical text', () => {
    expect(
      names(mergeAliases([entity('Mayor Hanna Zdanowska', 'PERSON'), entity('Hanna Zdanowska', 'PERSON')])),
    ).toEqual([{ text: 'Hanna Zdanowska', aliases: ['Mayor Hanna Zdanowska'], count: 2 }]);
  });

  it('a surname shared by two people stays separate (ambiguous)', () => {
    const merged = mergeAliases([
      entity('Anna Gruber', 'PERSON'),
      entity('Karl Gruber', 'PERSON'),
      entity('Gruber', 'PERSON'),
    ]);
    expect(merged.map((e) => e.text)).toEqual(['Anna Gruber', 'Karl Gruber', 'Gruber']);
    expect(merged.every((e) => e.aliases.length === 0)).toBe(true);
  });

  it('a given name merges only when unique and after the full name', () => {
    expect(names(mergeAliases([entity('Maria Huber', 'PERSON'), entity('Maria', 'PERSON')]))).toEqual([
      { text: 'Maria Huber', aliases: ['Maria'], count: 2 },
    ]);
    // "Maria" before "Maria Huber" may be someone else.
    expect(mergeAliases([entity('Maria', 'PERSON'), entity('Maria Huber', 'PERSON')])).toHaveLength(2);
  });

  it('does not merge a place into a person just because it is their surname', () => {
    const merged = mergeAliases([entity('George Washington', 'PERSON'), entity('Washington', 'LOCATION')]);
    expect(merged).toHaveLength(2);
  });

  it('repairs tagger inconsistencies: a titled name or the same one-word person name under another type', () => {
    const merged = mergeAliases([
      entity('Jane Whitfield', 'PERSON'),
      entity('Whitfield', 'PERSON'),
      entity('Whitfield', 'ORGANIZATION'),
      entity('Ms. Whitfield', 'ORGANIZATION'),
    ]);
    expect(names(merged)).toEqual([
      { text: 'Jane Whitfield', aliases: ['Whitfield', 'Ms. Whitfield'], count: 4 },
    ]);
    expect(merged[0].type).toBe('PERSON');
    // A title in front of an unknown surname changes nothing.
    expect(mergeAliases([entity('Dr. Nobody', 'ORGANIZATION')])[0]).toMatchObject({ type: 'ORGANIZATION' });
  });

  it('acronyms of organisations and places', () => {
    expect(
      names(
        mergeAliases([entity('European Space Agency', 'ORGANIZATION'), entity('ESA', 'ORGANIZATION', 2)]),
      ),
    ).toEqual([{ text: 'European Space Agency', aliases: ['ESA'], count: 3 }]);
    expect(names(mergeAliases([entity('United States', 'LOCATION'), entity('U.S.', 'LOCATION')]))).toEqual([
      { text: 'United States', aliases: ['U.S.'], count: 2 },
    ]);
    expect(acronymOf(['university', 'of', 'vienna'])).toBe('uv');
    expect(acronymText('NASA')).toBe('nasa');
    expect(acronymText('Nasa')).toBeUndefined();
  });

  it('organisation short forms: leading or trailing part of exactly one name, not generic words', () => {
    expect(
      names(
        mergeAliases([entity('Nordwind Semiconductors', 'ORGANIZATION'), entity('Nordwind', 'ORGANIZATION')]),
      ),
    ).toEqual([{ text: 'Nordwind Semiconductors', aliases: ['Nordwind'], count: 2 }]);
    expect(
      mergeAliases([entity('Deutsche Bank', 'ORGANIZATION'), entity('Bank', 'ORGANIZATION')]).map(
        (e) => e.text,
      ),
    ).toEqual(['Deutsche Bank', 'Bank']);
    expect(
      mergeAliases([
        entity('Harbour City', 'ORGANIZATION'),
        entity('Manchester City', 'ORGANIZATION'),
        entity('City', 'ORGANIZATION'),
      ]),
    ).toHaveLength(3);
  });

  it('locations do not merge by parts ("Sudan" is not "South Sudan")', () => {
    expect(mergeAliases([entity('South Sudan', 'LOCATION'), entity('Sudan', 'LOCATION')])).toHaveLength(2);
  });

  it('name words drop honorifics and middle initials', () => {
    expect(nameWords('Mr. Joe R. Biden', 'PERSON')).toEqual(['joe', 'biden']);
    expect(nameWords("Dr. Biden's", 'PERSON')).toEqual(['biden']);
    expect(nameWords('The Red Cross', 'ORGANIZATION')).toEqual(['red', 'cross']);
  });

  it('passes other entity types through with empty aliases', () => {
    expect(mergeAliases([entity('Tuesday', 'DATE', 2)])).toEqual([
      expect.objectContaining({ text: 'Tuesday', count: 2, aliases: [] }),
    ]);
  });
});
