import { describe, expect, it } from 'vitest';
import {
  bareLinkEntities,
  groupEntities,
  mergeEntities,
  normalizeEntityText,
  refinePatternEntities,
  trimLinkEnd,
} from '../../functions/lib/entities.ts';
import { readParagraph } from '../../functions/lib/nlp.ts';

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

  it('names a document entity on one line when its mentions are wrapped', () => {
    const text = 'the Bank of\r\nEngland';
    const grouped = groupEntities([
      {
        index: 0,
        entities: [{ text: 'Bank of\r\nEngland', type: 'ORGANIZATION' as const, start: 4, end: text.length }],
      },
    ]);
    expect(grouped[0].text).toBe('Bank of England');
  });

  it('normalises case, spacing, possessives and a leading "the"', () => {
    expect(normalizeEntityText('The  White\nHouse’s')).toBe('white house');
  });
});

describe('refinePatternEntities', () => {
  /** wink-nlp's entities of `text`, refined, as "text/TYPE". */
  const refined = (text: string) => {
    const p = readParagraph(text, 0);
    return refinePatternEntities(text, p.tokens, p.entities).map((e) => `${e.text}/${e.type}`);
  };

  it('reads pounds of weight as a QUANTITY and drops "over" from a duration (round 7)', () => {
    expect(refined('She lost about 27 pounds (12.3 kg) over 72 weeks. He paid 27 pounds for it.')).toEqual([
      'about 27 pounds/QUANTITY',
      '12.3 kg/QUANTITY',
      '72 weeks/DURATION',
      '27 pounds/MONEY',
    ]);
    expect(refined('It weighs 180 pounds.')).toEqual(['180 pounds/QUANTITY']);
  });

  it('keeps an amount with its currency sign, code, word and magnitude as one MONEY span', () => {
    expect(refined('It cost £4.5m, then €1.2bn and $2bn, or £250, €10,000 and US$5 billion.')).toEqual([
      '£4.5m/MONEY',
      '€1.2bn/MONEY',
      '$2bn/MONEY',
      '£250/MONEY',
      '€10,000/MONEY',
      'US$5 billion/MONEY',
    ]);
    expect(refined('It paid \u00a3\u00a0400 on 5 May.')).toEqual(['\u00a3\u00a0400/MONEY', '5 May/DATE']);
    expect(refined('Tickets cost 50p or 75 cents, and EUR 40 abroad; 30 people came.')).toEqual([
      '50p/MONEY',
      '75 cents/MONEY',
      'EUR 40/MONEY',
      '30/CARDINAL',
    ]);
    expect(refined('First Minister Eluned Morgan spoke first, then the first lady.')).toEqual([
      'first/ORDINAL',
      'first/ORDINAL',
    ]);
    expect(refined('It will invest ₹75,000 crore, or Rs 5 lakh crore, and hire 20 lakh people.')).toEqual([
      '₹75,000 crore/MONEY',
      'Rs 5 lakh crore/MONEY',
      '20 lakh/CARDINAL',
    ]);
  });

  it('keeps a number with its unit of measurement as one QUANTITY', () => {
    expect(
      refined('It adds 1.2 gigawatts and 500 MW, burns 2,000 tonnes and 3 million barrels of oil.'),
    ).toEqual([
      '1.2 gigawatts/QUANTITY',
      '500 MW/QUANTITY',
      '2,000 tonnes/QUANTITY',
      '3 million barrels/QUANTITY',
    ]);
    // Touching units, symbols, prefixes and rates.
    expect(refined('Temperatures fell to -8°C. Then 12 degrees C.')).toEqual([
      '-8°C/QUANTITY',
      '12 degrees C/QUANTITY',
    ]);
    expect(refined('It was 41°C (106 °F), 30cm of snow, 256GB, 20 sq ft and 5,000 square miles.')).toEqual([
      '41°C/QUANTITY',
      '106 °F/QUANTITY',
      '30cm/QUANTITY',
      '256GB/QUANTITY',
      '20 sq ft/QUANTITY',
      '5,000 square miles/QUANTITY',
    ]);
    expect(refined('Winds of 90 km/h, 60 miles per hour and 12 degrees Celsius; 2 nautical miles.')).toEqual([
      '90 km/h/QUANTITY',
      '60 miles per hour/QUANTITY',
      '12 degrees Celsius/QUANTITY',
      '2 nautical miles/QUANTITY',
    ]);
    expect(refined('A 6.1-inch screen on a 5-mile route; it pumps 9 million barrels a day.')).toEqual([
      '6.1-inch/QUANTITY',
      '5-mile/QUANTITY',
      '9 million barrels a day/QUANTITY',
    ]);
    // Spelled-out numbers measure too, except with units they also count ("two degrees").
    expect(refined('She walked three miles and holds two degrees.')).toEqual([
      'three miles/QUANTITY',
      'two/CARDINAL',
    ]);
  });

  it('reads abbreviated time units, "900-second" and no number inside an identifier', () => {
    expect(
      refined('Cold starts fell to 38 ms from 4 secs; an 8 min read with a 900-second timeout.'),
    ).toEqual(['38 ms/DURATION', '4 secs/DURATION', '8 min/DURATION', '900-second/DURATION']);
    expect(refined('It moved from x86_64 to arm64 and won the second round.')).toEqual(['second/ORDINAL']);
  });

  it('leaves a number alone where what follows is no unit or an ambiguous one', () => {
    // "m" is metres or million, "G" a network generation, a plain noun no unit.
    expect(refined('It has 30m users, 5G masts, 12 eggs and 1500 metres.')).toEqual([
      '30/CARDINAL',
      '5/CARDINAL',
      '12/CARDINAL',
      '1500 metres/QUANTITY',
    ]);
    // A unit on the next line is not the number's ("... was 40\nKM").
    expect(refined('The score was 40\nkm markers were moved.')).toEqual(['40/CARDINAL']);
    // "W" and "V" only written onto the number ("45 W" may be a direction).
    expect(refined('Slow 45W charging, a 12V socket, 3,300 nits; 45 W of here.')).toEqual([
      '45W/QUANTITY',
      '12V/QUANTITY',
      '3,300 nits/QUANTITY',
      '45/CARDINAL',
    ]);
    // "square" needs a unit after it.
    expect(refined('They ate 3 square meals.')).toEqual(['3/CARDINAL']);
  });

  it('reads "third-quarter" and "fiscal 2027" as periods', () => {
    expect(
      refined(
        'Third-quarter revenue rose, first-half profit fell, margins hold for fiscal 2027; she came third.',
      ),
    ).toEqual(['Third-quarter/DATE', 'first-half/DATE', 'fiscal 2027/DATE', 'third/ORDINAL']);
  });

  it('leaves the preposition out of a date or time ("by 2029" is "2029")', () => {
    expect(
      refined('Ready by 2029 or by March, up since last year, open until 5pm, since Tuesday, for 3 years.'),
    ).toEqual(['2029/DATE', 'March/DATE', 'last year/DATE', '5pm/TIME', 'Tuesday/DATE', '3 years/DURATION']);
  });

  it('drops a bare unit as a DURATION but keeps "3-day" whole', () => {
    expect(refined('It was the best day of my life, with 340 errors per day.')).toEqual(['340/CARDINAL']);
    expect(refined('A 3-day trip for 2 weeks.')).toEqual(['3-day/DURATION', '2 weeks/DURATION']);
    expect(refined('She served a two-year sentence.')).toEqual(['two-year/DURATION']);
    // An age is no duration.
    expect(refined('Callum, a 16-year-old pupil, spoke.')).toEqual(['16/CARDINAL']);
  });

  it('keeps a weekday with the date after it as one DATE, but not a list of weekdays', () => {
    expect(refined('On Tuesday 10 March 2026, 09:30 GMT and Sunday 14 May.')).toEqual([
      'Tuesday 10 March 2026/DATE',
      '09:30 GMT/TIME',
      'Sunday 14 May/DATE',
    ]);
    expect(refined('We met on Monday, March 3rd, 2025 and rested on Monday, Tuesday and Friday.')).toEqual([
      'Monday, March 3rd, 2025/DATE',
      'Monday/DATE',
      'Tuesday/DATE',
      'Friday/DATE',
    ]);
  });

  it('tags the clock times wink-nlp leaves untagged, not verses or scores', () => {
    expect(
      refined('Polls closed at 22:15 and results came at 03:40 CET; the score was 2:1, see John 3:16.'),
    ).toEqual(['22:15/TIME', '03:40 CET/TIME']);
    expect(refined('Live:\n22:15 First results expected.')).toEqual(['22:15/TIME', 'First/ORDINAL']);
  });

  it('tags no time inside a hyphenated word ("all-night"), but keeps "mid-March" whole', () => {
    expect(refined('After all-night talks in mid-March they met on Monday.')).toEqual([
      'mid-March/DATE',
      'Monday/DATE',
    ]);
  });

  it('keeps a time written with a dot whole ("9.30am")', () => {
    expect(refined('The polls opened at 9.30am and closed at 10pm.')).toEqual(['9.30am/TIME', '10pm/TIME']);
    expect(refined('Updates at 2.15pm GMT, 1.05pm and 11.15am. Then 2. 15pm.')).toEqual([
      '2.15pm GMT/TIME',
      '1.05pm/TIME',
      '11.15am/TIME',
      '2/CARDINAL',
      '15pm/TIME',
    ]);
  });

  it('keeps a time zone with its time, and the time wins over a name read in the zone', () => {
    expect(refined('At 4:15 p.m. ET and 3pm BST, not 10 a.m.\nET')).toEqual([
      '4:15 p.m. ET/TIME',
      '3pm BST/TIME',
      '10 a.m./TIME',
    ]);
    expect(refined('Brent was at $84.05 by 1245 GMT and at 0930 UTC in 1998.')).toEqual([
      '$84.05/MONEY',
      '1245 GMT/TIME',
      '0930 UTC/TIME',
      '1998/DATE',
    ]);
    // British papers write the time with a dot; without a zone it stays a number.
    expect(refined('Wed 25 Nov 2026 22.58 GMT, and 22.58 miles')).toEqual(
      expect.arrayContaining(['22.58 GMT/TIME']),
    );
    expect(refined('It rose 12.45 points to 22.58.')).not.toContain('22.58/TIME');
    const time = { text: '4:15 p.m. ET', type: 'TIME' as const, start: 10, end: 22 };
    const place = { text: 'ET', type: 'LOCATION' as const, start: 20, end: 22 };
    expect(mergeEntities([place], [time])).toEqual([time]);
  });

  it('reads "Sept. 9, 2025" as one DATE, which wins over a name read in it', () => {
    expect(refined('AUSTIN, Texas, Sept. 9, 2025 and Aug. 12, 2024')).toEqual([
      'Sept. 9, 2025/DATE',
      'Aug. 12, 2024/DATE',
    ]);
    const date = { text: 'Sept. 9, 2025', type: 'DATE' as const, start: 0, end: 13 };
    const place = { text: 'Sept.', type: 'LOCATION' as const, start: 0, end: 5 };
    expect(mergeEntities([place], [date])).toEqual([date]);
  });

  it('does not read the number of a numbered heading or list item as a CARDINAL', () => {
    expect(refined('1. Right-size everything')).toEqual([]);
    expect(refined('2) Stop paying for 3 idle databases')).toEqual(['3/CARDINAL']);
    expect(refined('12 people came.')).toEqual(['12/CARDINAL']);
  });

  it('reads a year as a DATE, but not a number of things', () => {
    // (a number of metres is a QUANTITY, see above)
    expect(refined('Her 1998 paper, the 2024 election.')).toEqual(['1998/DATE', '2024/DATE']);
    expect(refined('Unemployment ends 2024 at 4%, and 2020 was awful; 1500 steps, 2000 people.')).toEqual([
      '2024/DATE',
      '4%/PERCENT',
      '2020/DATE',
      '1500/CARDINAL',
      '2000/CARDINAL',
    ]);
  });

  it('does not read the digit groups of a telephone number as CARDINALs', () => {
    expect(refined('Dana Whitfield, +44 20 7946 0958, has 3 desks.')).toEqual(['3/CARDINAL']);
  });

  it('ends a URL before the punctuation that follows it', () => {
    expect(refined('Visit https://x.org/a?b=1. Or (https://y.org/wiki/A_(b)).')).toEqual([
      'https://x.org/a?b=1/URL',
      'https://y.org/wiki/A_(b)/URL',
    ]);
    expect(trimLinkEnd('https://x.org/”.')).toBe('https://x.org/');
    expect(refined('A fake <iframe src="https://evil.example/"></iframe> loaded.')).toEqual([
      'https://evil.example//URL',
    ]);
  });
});

describe('bareLinkEntities', () => {
  it('finds web addresses without a scheme, but not names like Amazon.com or e-mail domains', () => {
    const text = 'See www.porthaven.gov.uk, example.com/page. Amazon.com rose; mail a@b.example.org.';
    expect(bareLinkEntities(text, 0, text.length).map((e) => e.text)).toEqual([
      'www.porthaven.gov.uk',
      'example.com/page',
    ]);
    // Only the range is searched, offsets are the text's.
    const start = text.indexOf('example');
    expect(bareLinkEntities(text, 25, text.length)).toEqual([
      { text: 'example.com/page', type: 'URL', start, end: start + 16 },
    ]);
  });
});
