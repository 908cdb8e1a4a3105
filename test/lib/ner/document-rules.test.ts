import { describe, expect, it } from 'vitest';
import {
  abbreviates,
  applyAcronymDefinitions,
  completeNamesFromArticle,
  dropCommonNounAcronyms,
  headlineTypesFromBody,
  joinInitialNames,
  joinInstitutionsAcrossOf,
  joinModelNumbers,
  joinNationalOrganizations,
  splitNamesJoinedByAnd,
  splitTitledNames,
  type TypedSpan,
  tagLowerCaseNames,
  tagWireAgencies,
  trimHeadlineNamesToBody,
  typeShortNamesLikeFullNames,
  unifyNameTypes,
} from '../../../functions/lib/ner/document-rules.ts';

const words = (sentence: string) => sentence.split(' ').map((text) => ({ text }));
const show = (sentences: { text: string }[][], spans: TypedSpan[]) =>
  spans.map(
    (s) =>
      `${s.sentence}:${sentences[s.sentence]
        .slice(s.start, s.end)
        .map((t) => t.text)
        .join(' ')}/${s.type}`,
  );

describe('abbreviates', () => {
  it('matches initials in order, skipping small words, with acronyms inside names', () => {
    expect(abbreviates('WHO', ['World', 'Health', 'Organization'])).toBe(true);
    expect(abbreviates('CDC', ['Centers', 'for', 'Disease', 'Control', 'and', 'Prevention'])).toBe(true);
    expect(abbreviates('UKHSA', ['U.K.', 'Health', 'Security', 'Agency'])).toBe(true);
    expect(abbreviates('AAPL', ['Apple', 'Inc.'])).toBe(false);
    expect(abbreviates('NHS', ['World', 'Health', 'Service'])).toBe(false);
  });
});

describe('applyAcronymDefinitions', () => {
  it('gives a defined acronym the type of its long form everywhere in the article', () => {
    const sentences = [
      words('WHO warns of measles'),
      words('the World Health Organization ( WHO ) said'),
      words('a WHO official spoke'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 1, start: 1, end: 4, type: 'ORGANIZATION' },
      { sentence: 1, start: 5, end: 6, type: 'MISC' },
    ];
    expect(show(sentences, applyAcronymDefinitions(sentences, spans))).toEqual([
      '0:WHO/ORGANIZATION',
      '1:World Health Organization/ORGANIZATION',
      '1:WHO/ORGANIZATION',
      '2:WHO/ORGANIZATION',
    ]);
  });

  it('keeps an acronym the model typed as a name, and skips all-capitals headlines', () => {
    const sentences = [
      words('the National League for Democracy ( NLD ) said'),
      words('NLD LEADER SPEAKS IN RANGOON'),
      words('the NLD won'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 1, end: 5, type: 'MISC' },
      { sentence: 0, start: 6, end: 7, type: 'ORGANIZATION' },
      { sentence: 2, start: 1, end: 2, type: 'ORGANIZATION' },
    ];
    expect(show(sentences, applyAcronymDefinitions(sentences, spans))).toEqual([
      '0:National League for Democracy/MISC',
      '0:NLD/ORGANIZATION',
      '2:NLD/ORGANIZATION',
    ]);
  });

  it('changes nothing without a definition', () => {
    const sentences = [words('Apple Inc. ( AAPL ) rose')];
    const spans: TypedSpan[] = [{ sentence: 0, start: 0, end: 2, type: 'ORGANIZATION' }];
    expect(applyAcronymDefinitions(sentences, spans)).toEqual(spans);
  });
});

describe('unifyNameTypes', () => {
  it('makes a person name PERSON in every mention, counting surname mentions', () => {
    const sentences = [words('Jensen Huang spoke'), words('Huang said'), words('Jensen Huang speaks at GTC')];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 0, end: 2, type: 'PERSON' },
      { sentence: 1, start: 0, end: 1, type: 'PERSON' },
      { sentence: 2, start: 0, end: 2, type: 'ORGANIZATION' },
    ];
    expect(show(sentences, unifyNameTypes(sentences, spans))).toEqual([
      '0:Jensen Huang/PERSON',
      '1:Huang/PERSON',
      '2:Jensen Huang/PERSON',
    ]);
  });

  it('leaves a place that is also a team alone', () => {
    // CoNLL: "NEW YORK" is the city in a dateline and the team in a results table.
    const sentences = [
      words('NEW YORK 1996-08-30'),
      words('SAN FRANCISCO AT NEW YORK'),
      words('NEW YORK 4 Chicago 2'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 0, end: 2, type: 'LOCATION' },
      { sentence: 1, start: 3, end: 5, type: 'ORGANIZATION' },
      { sentence: 2, start: 0, end: 2, type: 'ORGANIZATION' },
    ];
    expect(unifyNameTypes(sentences, spans)).toEqual(spans);
  });
});

describe('joinModelNumbers', () => {
  /** Tokens of a sentence split on single spaces, with offsets. */
  const spaced = (sentence: string) => {
    let at = 0;
    return sentence.split(' ').map((text) => {
      const token = { text, start: at, end: at + text.length };
      at += text.length + 1;
      return token;
    });
  };

  it('joins a product name, its model number and suffix words into one MISC name', () => {
    const sentences = [
      spaced("Google 's Pixel 9 Pro beats Qualcomm 's Snapdragon 8 Gen 3 and iPhone 15 Pro Max"),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 0, end: 3, type: 'ORGANIZATION' },
      { sentence: 0, start: 4, end: 5, type: 'ORGANIZATION' },
      { sentence: 0, start: 6, end: 9, type: 'ORGANIZATION' },
      { sentence: 0, start: 10, end: 11, type: 'ORGANIZATION' },
      { sentence: 0, start: 13, end: 15, type: 'MISC' },
    ];
    expect(show(sentences, joinModelNumbers(sentences, spans))).toEqual([
      '0:Google/ORGANIZATION',
      '0:Pixel 9 Pro/MISC',
      '0:Qualcomm/ORGANIZATION',
      '0:Snapdragon 8 Gen 3/MISC',
      '0:iPhone 15 Pro Max/MISC',
    ]);
  });

  it('gives a number to a MISC name only, not to a team in a result', () => {
    const sentences = [spaced('Windows 11 shipped'), spaced('Leeds 2 Chelsea 1')];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 0, end: 1, type: 'MISC' },
      { sentence: 1, start: 0, end: 1, type: 'ORGANIZATION' },
      { sentence: 1, start: 2, end: 3, type: 'ORGANIZATION' },
    ];
    expect(show(sentences, joinModelNumbers(sentences, spans))).toEqual([
      '0:Windows 11/MISC',
      '1:Leeds/ORGANIZATION',
      '1:Chelsea/ORGANIZATION',
    ]);
  });

  it('names a stock index with its number, whatever the tagger typed it', () => {
    const sentences = [spaced('The S&P 500 rose , the Stoxx Europe 600 fell and Leeds 2 Chelsea 1')];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 1, end: 2, type: 'ORGANIZATION' },
      { sentence: 0, start: 6, end: 8, type: 'ORGANIZATION' },
      { sentence: 0, start: 11, end: 12, type: 'ORGANIZATION' },
      { sentence: 0, start: 13, end: 14, type: 'ORGANIZATION' },
    ];
    expect(show(sentences, joinModelNumbers(sentences, spans))).toEqual([
      '0:S&P 500/MISC',
      '0:Stoxx Europe 600/MISC',
      '0:Leeds/ORGANIZATION',
      '0:Chelsea/ORGANIZATION',
    ]);
  });
});

describe('completeNamesFromArticle', () => {
  it('completes a name cut short where the article has it in full, with its type', () => {
    const sentences = [
      words('Harbor Point Medical Center Opens Pavilion'),
      words('Harbor Point Medical Center today opened it'),
      words('the CEO of Harbor Point said'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 0, end: 2, type: 'LOCATION' },
      { sentence: 0, start: 3, end: 4, type: 'ORGANIZATION' },
      { sentence: 1, start: 0, end: 4, type: 'ORGANIZATION' },
      { sentence: 2, start: 3, end: 5, type: 'LOCATION' },
    ];
    expect(show(sentences, completeNamesFromArticle(sentences, spans))).toEqual([
      '0:Harbor Point Medical Center/ORGANIZATION',
      '1:Harbor Point Medical Center/ORGANIZATION',
      // Not followed by the rest of the name: left as tagged.
      '2:Harbor Point/LOCATION',
    ]);
  });
});

describe('joinNationalOrganizations', () => {
  it('joins a nationality to the organisation it opens, not to any name after it', () => {
    const sentences = [words('the Canadian Space Agency and the German Foreign Ministry and French Alps')];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 1, end: 2, type: 'GROUP' },
      { sentence: 0, start: 2, end: 4, type: 'ORGANIZATION' },
      { sentence: 0, start: 6, end: 7, type: 'GROUP' },
      { sentence: 0, start: 7, end: 9, type: 'ORGANIZATION' },
      { sentence: 0, start: 10, end: 11, type: 'GROUP' },
      { sentence: 0, start: 11, end: 12, type: 'LOCATION' },
    ];
    expect(show(sentences, joinNationalOrganizations(sentences, spans))).toEqual([
      '0:Canadian Space Agency/ORGANIZATION',
      '0:German/GROUP',
      '0:Foreign Ministry/ORGANIZATION',
      '0:French/GROUP',
      '0:Alps/LOCATION',
    ]);
  });
});

describe('typeShortNamesLikeFullNames', () => {
  it("gives a surname its person's type and a company's first word the company's, not a place's", () => {
    const sentences = [
      words('Ken Paxton said Paxton would appeal'),
      words('Nordwind Energy fell and Nordwind said'),
      words('Texas Civil Rights Project in Texas'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 0, end: 2, type: 'PERSON' },
      { sentence: 0, start: 3, end: 4, type: 'ORGANIZATION' },
      { sentence: 1, start: 0, end: 2, type: 'ORGANIZATION' },
      { sentence: 1, start: 4, end: 5, type: 'PERSON' },
      { sentence: 2, start: 0, end: 4, type: 'ORGANIZATION' },
      { sentence: 2, start: 5, end: 6, type: 'LOCATION' },
    ];
    expect(show(sentences, typeShortNamesLikeFullNames(sentences, spans))).toEqual([
      '0:Ken Paxton/PERSON',
      '0:Paxton/PERSON',
      '1:Nordwind Energy/ORGANIZATION',
      '1:Nordwind/ORGANIZATION',
      '2:Texas Civil Rights Project/ORGANIZATION',
      '2:Texas/LOCATION',
    ]);
  });

  it('types a company written without its legal form as the company', () => {
    const sentences = [words('Greenfield Bank plc opened'), words('About Greenfield Bank')];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 0, end: 3, type: 'ORGANIZATION' },
      { sentence: 1, start: 1, end: 3, type: 'LOCATION' },
    ];
    expect(show(sentences, typeShortNamesLikeFullNames(sentences, spans))).toEqual([
      '0:Greenfield Bank plc/ORGANIZATION',
      '1:Greenfield Bank/ORGANIZATION',
    ]);
  });
});

describe('splitTitledNames and joinInitialNames', () => {
  it('splits a place, a title and a person the model read as one organisation', () => {
    const sentences = [words('Alabama Attorney General Steve Marshall said'), words('Microsoft Corp. said')];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 0, end: 5, type: 'ORGANIZATION' },
      { sentence: 1, start: 0, end: 2, type: 'ORGANIZATION' },
    ];
    expect(show(sentences, splitTitledNames(sentences, spans))).toEqual([
      '0:Alabama/LOCATION',
      '0:Steve Marshall/PERSON',
      '1:Microsoft Corp./ORGANIZATION',
    ]);
  });

  it('joins a name cut at its middle initials, not names in a list', () => {
    const sentences = [
      words('Judge Abdul K. Kallon wrote'),
      words('Smith , J. Jones and Tom J. R. Lee came'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 1, end: 2, type: 'PERSON' },
      { sentence: 0, start: 3, end: 4, type: 'PERSON' },
      { sentence: 1, start: 0, end: 1, type: 'PERSON' },
      { sentence: 1, start: 2, end: 4, type: 'PERSON' },
      { sentence: 1, start: 5, end: 6, type: 'PERSON' },
      { sentence: 1, start: 8, end: 9, type: 'PERSON' },
    ];
    expect(show(sentences, joinInitialNames(sentences, spans))).toEqual([
      '0:Abdul K. Kallon/PERSON',
      '1:Smith/PERSON',
      '1:J. Jones/PERSON',
      '1:Tom J. R. Lee/PERSON',
    ]);
  });
});

describe('joinInitialNames: nicknames', () => {
  it('joins a name around a quoted or bracketed nickname, tagged or not', () => {
    const sentences = [
      words('Robert “ Bob ” Smith and James ( Jim ) Lee'),
      words('Margaret " Peggy " O’Connell died'),
      words('Tom " Tim " in Paris'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 0, end: 1, type: 'PERSON' },
      { sentence: 0, start: 2, end: 3, type: 'PERSON' },
      { sentence: 0, start: 4, end: 5, type: 'PERSON' },
      { sentence: 0, start: 6, end: 7, type: 'PERSON' },
      { sentence: 0, start: 10, end: 11, type: 'PERSON' },
      { sentence: 1, start: 0, end: 1, type: 'PERSON' },
      { sentence: 1, start: 2, end: 3, type: 'PERSON' },
      { sentence: 2, start: 0, end: 1, type: 'PERSON' },
      { sentence: 2, start: 2, end: 3, type: 'PERSON' },
      { sentence: 2, start: 5, end: 6, type: 'LOCATION' },
    ];
    expect(show(sentences, joinInitialNames(sentences, spans))).toEqual([
      '0:Robert “ Bob ” Smith/PERSON',
      '0:James ( Jim ) Lee/PERSON',
      '1:Margaret " Peggy " O’Connell/PERSON',
      '2:Tom/PERSON',
      '2:Tim/PERSON',
      '2:Paris/LOCATION',
    ]);
  });
});

describe('headlineTypesFromBody', () => {
  const tagged = (sentence: string) => sentence.split(' ').map((text) => ({ text, pos: 'PROPN' }));

  it('gives a headline word the type every body mention has', () => {
    const sentences = [
      tagged('Storm Leaves Jordan Without Power'),
      tagged('Rain hit Jordan .'),
      tagged('Jordan said .'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 2, end: 3, type: 'PERSON' },
      { sentence: 1, start: 2, end: 3, type: 'LOCATION' },
      { sentence: 2, start: 0, end: 1, type: 'LOCATION' },
    ];
    expect(headlineTypesFromBody(sentences, spans)[0].type).toBe('LOCATION');
  });

  it('leaves short ALL-CAPS lines and lines with digits alone (a city there is often the team)', () => {
    const sentences = [
      tagged('KANSAS CITY AT DETROIT'),
      tagged('DETROIT 48 86 .358 26 WINS LEAGUE'),
      tagged('In Detroit , it rained .'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 3, end: 4, type: 'ORGANIZATION' },
      { sentence: 1, start: 0, end: 1, type: 'ORGANIZATION' },
      { sentence: 2, start: 1, end: 2, type: 'LOCATION' },
    ];
    expect(headlineTypesFromBody(sentences, spans)).toEqual(spans);
  });

  it('reads an ALL-CAPS headline of five words or more, matching the body whatever the case', () => {
    const sentences = [
      tagged('TEMU AND SHEIN FACE NEW EU RULES'),
      tagged('Retailers such as Temu and Shein ship parcels .'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 0, end: 1, type: 'LOCATION' },
      { sentence: 0, start: 2, end: 3, type: 'PERSON' },
      { sentence: 1, start: 3, end: 4, type: 'ORGANIZATION' },
      { sentence: 1, start: 5, end: 6, type: 'ORGANIZATION' },
    ];
    expect(headlineTypesFromBody(sentences, spans).map((span) => span.type)).toEqual([
      'ORGANIZATION',
      'ORGANIZATION',
      'ORGANIZATION',
      'ORGANIZATION',
    ]);
  });
});

describe('splitNamesJoinedByAnd', () => {
  const tokens = (sentence: string) => sentence.split(' ').map((text) => ({ text }));

  it('splits a name joined across "and" when the article names both sides alone', () => {
    const sentences = [
      tokens('We cut the bill with Graviton and Rust'),
      tokens('Graviton is an arm64 chip .'),
      tokens('Rust is fast .'),
      tokens('Procter & Gamble rose .'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 5, end: 8, type: 'ORGANIZATION' },
      { sentence: 1, start: 0, end: 1, type: 'MISC' },
      { sentence: 2, start: 0, end: 1, type: 'MISC' },
      { sentence: 3, start: 0, end: 3, type: 'ORGANIZATION' },
    ];
    expect(splitNamesJoinedByAnd(sentences, spans)).toEqual([
      { sentence: 0, start: 5, end: 6, type: 'MISC' },
      { sentence: 0, start: 7, end: 8, type: 'MISC' },
      spans[1],
      spans[2],
      spans[3],
    ]);
  });
});

describe('tagWireAgencies', () => {
  const tokens = (sentence: string) => sentence.split(' ').map((text) => ({ text }));

  it('tags a news agency in brackets once, as an organisation', () => {
    const sentences = [
      tokens('NEW YORK ( AP ) — Caroline Ellison was released .'),
      tokens('LONDON ( Reuters ) - Shares fell .'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 0, end: 2, type: 'LOCATION' },
      { sentence: 0, start: 6, end: 8, type: 'PERSON' },
      { sentence: 1, start: 2, end: 3, type: 'ORGANIZATION' },
    ];
    expect(tagWireAgencies(sentences, spans)).toEqual([
      spans[0],
      { sentence: 0, start: 3, end: 4, type: 'ORGANIZATION' },
      spans[1],
      spans[2],
    ]);
    expect(tagWireAgencies([tokens('The ( PA ) system failed .')], [])).toEqual([]);
    expect(tagWireAgencies([tokens('An AP reporter asked .')], [])).toEqual([]);
  });
});

describe('dropCommonNounAcronyms', () => {
  const tokens = (sentence: string) => sentence.split(' ').map((text) => ({ text }));

  it('drops every mention of an acronym the article defines with lower-case words', () => {
    const sentences = [
      tokens('A fund for small and medium - sized enterprises ( SMEs ) opened .'),
      tokens('SMEs and the World Health Organization ( WHO ) welcomed it .'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 10, end: 11, type: 'ORGANIZATION' },
      { sentence: 1, start: 0, end: 1, type: 'ORGANIZATION' },
      { sentence: 1, start: 3, end: 7, type: 'ORGANIZATION' },
      { sentence: 1, start: 8, end: 9, type: 'ORGANIZATION' },
    ];
    expect(dropCommonNounAcronyms(sentences, spans)).toEqual([spans[2], spans[3]]);
  });
});

describe('trimHeadlineNamesToBody', () => {
  const tagged = (sentence: string) => sentence.split(' ').map((text) => ({ text, pos: 'PROPN' }));

  it("ends a title-case headline name where the body name ends, but not a person's", () => {
    const sentences = [
      tagged('Greenfield Bank Launches Fund For Small Firms'),
      tagged('Jane Quigley Wins Again In Style'),
      tagged('Greenfield Bank said Jane spoke .'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 0, end: 3, type: 'ORGANIZATION' },
      { sentence: 1, start: 0, end: 2, type: 'PERSON' },
      { sentence: 2, start: 0, end: 2, type: 'ORGANIZATION' },
      { sentence: 2, start: 3, end: 4, type: 'PERSON' },
    ];
    expect(trimHeadlineNamesToBody(sentences, spans)).toEqual([
      { sentence: 0, start: 0, end: 2, type: 'ORGANIZATION' },
      spans[1],
      spans[2],
      spans[3],
    ]);
  });
});

describe('tagLowerCaseNames', () => {
  const tokens = (sentence: string) => sentence.split(' ').map((text) => ({ text }));

  it('tags products and companies written in lower case first, unless a span covers them', () => {
    const sentences = [
      tokens('It beat the iPhone 17 Pro and sells on eBay .'),
      tokens('Apple iPhone sales rose .'),
    ];
    const spans: TypedSpan[] = [{ sentence: 1, start: 0, end: 2, type: 'MISC' }];
    expect(tagLowerCaseNames(sentences, spans)).toEqual([
      { sentence: 0, start: 3, end: 4, type: 'MISC' },
      { sentence: 0, start: 9, end: 10, type: 'ORGANIZATION' },
      spans[0],
    ]);
  });
});

describe('joinInstitutionsAcrossOf', () => {
  const tokens = (sentence: string) => sentence.split(' ').map((text) => ({ text }));

  it('joins an institution cut at "of", not a person or a place after other words', () => {
    const sentences = [
      tokens('The North East Chamber of Commerce welcomed it .'),
      tokens('Mayor of London Sadiq Khan and the Friends of Paris met .'),
    ];
    const spans: TypedSpan[] = [
      { sentence: 0, start: 1, end: 4, type: 'LOCATION' },
      { sentence: 0, start: 5, end: 6, type: 'LOCATION' },
      { sentence: 1, start: 2, end: 3, type: 'LOCATION' },
      { sentence: 1, start: 3, end: 5, type: 'PERSON' },
      { sentence: 1, start: 9, end: 10, type: 'LOCATION' },
    ];
    expect(joinInstitutionsAcrossOf(sentences, spans)).toEqual([
      { sentence: 0, start: 1, end: 6, type: 'ORGANIZATION' },
      spans[2],
      spans[3],
      spans[4],
    ]);
  });
});
