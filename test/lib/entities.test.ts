import { describe, expect, it } from 'vitest';
import { groupEntities, mergeEntities, normalizeEntityText } from '../../functions/lib/entities.ts';

describe('mergeEntities', () => {
  it('lets a name win over an overlapping date but not over a URL', () => {
    const names = [
      { text: 'April Smith', type: 'PERSON' as const, start: 0, end: 11 },
      { text: 'x.org', type: 'ORGANIZATION' as const, start: 20, end: 25 },
    ];
    const patterns = [
      { text: 'April', type: 'DATE' as const, start: 0, end: 5 },
      { text: 'http://x.org', type: 'URL' as const, start: 13, end: 25 },
    ];
    expect(mergeEntities(names, patterns).map((e) => e.type)).toEqual(['PERSON', 'URL']);
  });
});

describe('groupEntities', () => {
  it('groups by normalised text and type, most mentioned first', () => {
    const paragraphs = [
      { index: 0, entities: [{ text: 'Berlin', type: 'LOCATION' as const, start: 0, end: 6 }] },
      {
        index: 1,
        entities: [
          { text: 'Acme’s', type: 'ORGANIZATION' as const, start: 10, end: 16 },
          { text: 'Acme', type: 'ORGANIZATION' as const, start: 20, end: 24 },
        ],
      },
    ];
    const grouped = groupEntities(paragraphs);
    expect(grouped.map((e) => [e.text, e.count])).toEqual([
      ['Acme', 2],
      ['Berlin', 1],
    ]);
    expect(grouped[0].mentions).toEqual([
      { paragraph: 1, start: 10, end: 16 },
      { paragraph: 1, start: 20, end: 24 },
    ]);
  });

  it('normalises case, spacing, possessives and a leading "the"', () => {
    expect(normalizeEntityText('The  White\nHouse’s')).toBe('white house');
  });
});
