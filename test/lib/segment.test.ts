import { describe, expect, it } from 'vitest';
import { readParagraph } from '../../functions/lib/nlp.ts';
import { segmentParagraphs } from '../../functions/lib/segment.ts';

const texts = (text: string) => segmentParagraphs(text).map((s) => text.slice(s.start, s.end));

describe('segmentParagraphs', () => {
  it('splits on blank lines and keeps hard-wrapped lines together', () => {
    expect(texts('One line\nwrapped here.\n\nTwo.\n\n\n\nThree.')).toEqual([
      'One line\nwrapped here.',
      'Two.',
      'Three.',
    ]);
  });

  it('makes each non-empty line a paragraph when there are no blank lines', () => {
    expect(texts('First.\nSecond.\nThird.\n')).toEqual(['First.', 'Second.', 'Third.']);
  });

  it('drops lines of break marks between sections ("* * *", a press release\'s "###")', () => {
    expect(texts('Story.\n\n* * *\n\nAfter the break.\n\n###\n')).toEqual(['Story.', 'After the break.']);
    expect(texts('One.\n----\nTwo.\n~~~')).toEqual(['One.', 'Two.']);
    // Marks inside words are text.
    expect(texts('C# and F# -- both.\n\n#1 seed')).toEqual(['C# and F# -- both.', '#1 seed']);
  });

  it('handles CRLF and CR line endings', () => {
    expect(texts('A\r\nB\r\n\r\nC')).toEqual(['A\r\nB', 'C']);
    expect(texts('A\rB\r\rC')).toEqual(['A\rB', 'C']);
  });

  it('treats lines of white space, including no-break spaces, as blank and trims spans', () => {
    expect(texts('\u00a0 A \u00a0\n \u00a0\t\n\tB\u00a0')).toEqual(['A', 'B']);
  });

  it('returns nothing for empty or white-space-only text', () => {
    expect(segmentParagraphs('')).toEqual([]);
    expect(segmentParagraphs(' \n\u00a0\r\n\t ')).toEqual([]);
  });

  it('keeps one giant paragraph whole', () => {
    const giant = 'word '.repeat(200_000).trim();
    expect(segmentParagraphs(giant)).toEqual([{ start: 0, end: giant.length }]);
  });

  it('in plain text, cuts a headline, byline and list items from the story they sit on', () => {
    const text = [
      'CITY OPENS NEW LIBRARY',
      'By Maria Santos, Staff Writer',
      'The new central library opened its doors on Monday morning. Mayor',
      'Linda Brooks cut the ribbon in front of a crowd of about 500 people.',
      '\u2022 Sterling rose 0.4% against the dollar.',
      '- Gold fell to $2,310 an ounce.',
      '',
      'Second paragraph.',
    ].join('\r\n');
    expect(segmentParagraphs(text, undefined, true).map((s) => text.slice(s.start, s.end))).toEqual([
      'CITY OPENS NEW LIBRARY',
      'By Maria Santos, Staff Writer',
      'The new central library opened its doors on Monday morning. Mayor\r\nLinda Brooks cut the ribbon in front of a crowd of about 500 people.',
      '\u2022 Sterling rose 0.4% against the dollar.',
      '- Gold fell to $2,310 an ounce.',
      'Second paragraph.',
    ]);
    // Markdown and HTML (not plain) keep their blocks' lines together.
    expect(segmentParagraphs(text).length).toBe(2);
  });

  it('in plain text, ends a byline and starts a publication stamp even in a run of short lines', () => {
    // Two short lines: the longest set the wrap width, so the byline looked wrapped and a name
    // ran on across the line break ("David Chen\nPublished March" as one PERSON).
    const text = 'By Maria Gonzalez and David Chen\nPublished March 20, 2024, 4:15 p.m. ET\n\nStory.';
    expect(segmentParagraphs(text, undefined, true).map((s) => text.slice(s.start, s.end))).toEqual([
      'By Maria Gonzalez and David Chen',
      'Published March 20, 2024, 4:15 p.m. ET',
      'Story.',
    ]);
    // A wrapped line that starts with "By" and goes on in lower case is not a byline.
    const wrapped =
      'The deal collapsed on Tuesday after weeks of talks between the two firms.\nBy Friday the shares had fallen 20 percent and analysts\nwere cutting their targets.\n\nNext.';
    expect(segmentParagraphs(wrapped, undefined, true)).toEqual(segmentParagraphs(wrapped));
  });

  it('keeps wrapped and ragged hand-wrapped lines of plain text together', () => {
    const wrapped =
      'Analysts at Goldman Sachs said the U.S. Federal Reserve was likely to\ncut rates in Sept. or Oct., citing data published on Jan. 15 by the\nLabor Department.\n\nNext.';
    expect(segmentParagraphs(wrapped, undefined, true)).toEqual(segmentParagraphs(wrapped));
    const ragged =
      'We met the mayor at the\nold town hall on a cold Monday morning, and\nshe spoke for an hour.\n\nNext.';
    expect(segmentParagraphs(ragged, undefined, true)).toEqual(segmentParagraphs(ragged));
    // A wrapped sentence may put a number or a dash at the start of a line; one is not a list.
    const numbers =
      'The council will vote on the new harbour plan at its meeting on March\n12. Officials expect the plan to pass with a comfortable majority - a\nrelief for the town.\n\nNext.';
    expect(segmentParagraphs(numbers, undefined, true)).toEqual(segmentParagraphs(numbers));
    const list = 'We bought the following items at the market this morning:\n- eggs\n- milk\n\nNext.';
    expect(segmentParagraphs(list, undefined, true).map((s) => list.slice(s.start, s.end))).toEqual([
      'We bought the following items at the market this morning:',
      '- eggs',
      '- milk',
      'Next.',
    ]);
  });

  it('in plain text, makes each line of a run of short lines (results, a table) its own paragraph', () => {
    // The longest line set the wrap width, so "Manchester City 1-2 Brentford" looked wrapped and
    // ran on into the next result (the tagger then read "Brentford Liverpool" as one club).
    const results =
      'Results:\nEverton 0-2 Arsenal\nManchester City 1-2 Brentford\nLiverpool 3-1 Aston Villa\n' +
      'Tottenham Hotspur 2-2 Newcastle United\nChelsea 4-0 Southampton\n\nNext.';
    expect(segmentParagraphs(results, undefined, true).map((s) => results.slice(s.start, s.end))).toEqual([
      'Results:',
      'Everton 0-2 Arsenal',
      'Manchester City 1-2 Brentford',
      'Liverpool 3-1 Aston Villa',
      'Tottenham Hotspur 2-2 Newcastle United',
      'Chelsea 4-0 Southampton',
      'Next.',
    ]);
    // Short lines that go on in lower case are still one wrapped sentence.
    const narrow = 'The council met on\nTuesday and voted\nto close the car\npark next year.\n\nNext.';
    expect(segmentParagraphs(narrow, undefined, true)).toHaveLength(3);
  });

  it('ends a plain-text newsletter at its e-mail signature delimiter ("-- ")', () => {
    const text =
      'Fed holds rates.\r\n\r\nBoeing strike ends.\r\n\r\n-- \r\nYou are receiving this email.\r\nUnsubscribe: https://x.example/u';
    const paragraphs = (t: string, plain: boolean) =>
      segmentParagraphs(t, undefined, plain).map((s) => t.slice(s.start, s.end));
    expect(paragraphs(text, true)).toEqual(['Fed holds rates.', 'Boeing strike ends.']);
    // Markdown and HTML have no such convention; a long tail after it is no signature.
    expect(paragraphs(text, false)).toHaveLength(3);
    const long = `Intro.\n\n-- \n${'A line of the story.\n'.repeat(13)}`;
    expect(paragraphs(long, true).length).toBeGreaterThan(1);
  });

  it('returns ordered, non-overlapping spans', () => {
    const spans = segmentParagraphs('a\n\nb\n\nc');
    for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThan(spans[i - 1].end);
  });
});

describe('joinSentences (through readParagraph)', () => {
  const sentences = (text: string) => {
    const p = readParagraph(text, 0);
    return p.sentences.map((s) => text.slice(p.tokens[s.start].start, p.tokens[s.end - 1].end));
  };

  it('does not cut inside a written word (domains, versions, degrees, abbreviations)', () => {
    expect(
      sentences('See www.porthaven.gov.uk or example.com/page for details. Version v2.0.1 shipped.'),
    ).toEqual(['See www.porthaven.gov.uk or example.com/page for details.', 'Version v2.0.1 shipped.']);
    expect(sentences('Ph.D. students met Rep. Ocasio-Cortez, D-N.Y., on Monday. Then they left.')).toEqual([
      'Ph.D. students met Rep. Ocasio-Cortez, D-N.Y., on Monday.',
      'Then they left.',
    ]);
  });

  it('keeps the number that opens a line with its sentence ("1. FED HOLDS RATES")', () => {
    expect(sentences('1. FED HOLDS RATES, SIGNALS CUT IN MARCH')).toEqual([
      '1. FED HOLDS RATES, SIGNALS CUT IN MARCH',
    ]);
    // Not a number that ends a sentence inside the line.
    expect(sentences('The vote was 7. Then they left.')).toEqual(['The vote was 7.', 'Then they left.']);
  });

  it('keeps a quoted "!" or "?" with the lower-case words that continue the sentence', () => {
    expect(
      sentences('“Yes!” they shouted. “Really?” asked Tom. Is it an iPhone? eBay rose. Wow! it works.'),
    ).toEqual([
      '“Yes!” they shouted.',
      '“Really?” asked Tom.',
      'Is it an iPhone?',
      'eBay rose.',
      'Wow! it works.',
    ]);
  });
});
