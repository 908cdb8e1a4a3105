/**
 * Entities stage: merges names from the tagger (PERSON, ORGANIZATION, LOCATION, GROUP, MISC)
 * with wink-nlp's entities (dates, money, numbers, e-mails, URLs, ...), then groups mentions
 * into document entities.
 *
 * Overlaps: a name wins over a DATE/CARDINAL/ORDINAL/DURATION/TIME that overlaps it ("May" as a
 * name, "Apollo 11"), while wink's pattern entities (e-mail, URL, hashtag, mention, emoji,
 * money, percent) win over a name, because their patterns are exact.
 */
import { TIME_UNIT_ABBREVIATION, unitEnd } from './quantities.ts';
import type { DocumentEntity, EntityType, ParagraphEntity } from './types.ts';

/** wink-nlp entity types that yield to an overlapping name. */
const WEAK_TYPES: ReadonlySet<EntityType> = new Set(['DATE', 'CARDINAL', 'ORDINAL', 'DURATION', 'TIME']);

/** A time zone written after a time ("4:15 p.m. ET"); the tagger read "ET" as a place. */
const TIME_ZONE =
  /^(?:[ECMP][SD]?T|AK[SD]T|HST|GMT|UTC|BST|IST|JST|KST|SGT|HKT|[CEW]ES?T|A[ECW][SD]T|NZ[SD]T)$/;

/** A month's name, perhaps abbreviated ("Sept", "March"), as a pattern source. */
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*';
/** A month, perhaps abbreviated, and a day number ("Sept. 9", "March 20, 2024"). */
const MONTH_DAY = new RegExp(`^${MONTH}\\.?[^\\S\\r\\n]+\\d{1,2}(?:st|nd|rd|th)?\\b`, 'i');
/** A date that starts with a day number or a month (what may follow a weekday). */
const MONTH_OR_DAY_START = new RegExp(`^(?:\\d|${MONTH}\\b)`, 'i');

/** Priority: exact patterns first, then names, then weak patterns (longer spans first within). */
function priority(c: { e: ParagraphEntity; name: boolean }): number {
  if (c.name) return 1;
  // A time with its zone is exact: the zone is not a name.
  if (c.e.type === 'TIME' && TIME_ZONE.test(c.e.text.slice(c.e.text.lastIndexOf(' ') + 1))) return 0;
  // So is a month with its day ("Sept. 9, 2025": the tagger read "Sept." as a place).
  if (c.e.type === 'DATE' && MONTH_DAY.test(c.e.text)) return 0;
  return WEAK_TYPES.has(c.e.type) ? 2 : 0;
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
 * first (ties: earliest first mention). The canonical text is the most frequent surface form,
 * its white space collapsed (ties: the longest, then the first seen).
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
      // The document's name for it is one line ("Bank of\r\nEngland" wrapped in the text).
      const surface = entity.text.replace(/\s+/g, ' ');
      group.surfaces.set(surface, (group.surfaces.get(surface) ?? 0) + 1);
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

/** Currency signs written before an amount ("£4.5m", "US$5", "€300"). */
const CURRENCY_SIGN = /^(?:[A-Z]{0,2}\$|[£€¥₹₩₽₺₪₫฿₴₦₱])$/u;
/** ISO codes and abbreviations written before an amount, with a space ("EUR 40", "Rs. 300"). */
const CURRENCY_CODE =
  /^(?:USD|EUR|GBP|JPY|CNY|RMB|INR|CHF|AUD|CAD|NZD|HKD|SGD|SEK|NOK|DKK|ZAR|BRL|MXN|Rs\.?)$/;
/** Currency words written after an amount ("75 cents", "50p" with no space). */
const CURRENCY_AFTER = /^(?:cents?|pence|euros?|pounds?|dollars?|yen|yuan|rupees?|francs?)$/i;
/** Magnitudes written onto an amount ("£30m", "$2bn", "€5k"). */
const MAGNITUDE_SUFFIX = /^(?:m|mn|mln|bn|b|k|tn|trn)$/i;
/** Words that make "First" part of a title ("First Minister Eluned Morgan"). */
const FIRST_TITLES = new Set([
  'Minister',
  'Lady',
  'Secretary',
  'Deputy',
  'Vice',
  'Sea',
  'Gentleman',
  'Nations',
]);
/** Prepositions wink-nlp takes into a date or duration ("by 2029", "since Tuesday"). */
const LEADING_PREPOSITION = /^(?:by|since|until|till)$/i;
/** Prepositions wink-nlp takes into a duration ("over 72 weeks"). */
const DURATION_PREPOSITION = /^(?:over|for|within|during)$/i;
/** Verbs of weight before an amount of pounds ("lost 27 pounds"). */
const WEIGHT_VERB = /^(?:weigh(?:s|ed|ing)?|los(?:e|es|t|ing)|gain(?:s|ed|ing)?|shed(?:s|ding)?|put)$/i;
/** Units of weight written in a conversion after pounds ("(12.3 kg)"). */
const METRIC_WEIGHT = /^(?:kg|kgs|kilos?|kilograms?|kilogrammes?|g|grams?)$/i;

/**
 * Is the amount of pounds at tokens [start, end) a weight: after a verb of weight (with "about",
 * "nearly"... between), or followed by its metric conversion in brackets?
 */
function weighed(tokens: ReadonlyArray<{ text: string }>, start: number, end: number): boolean {
  if (
    end + 3 < tokens.length &&
    tokens[end].text === '(' &&
    /^\d[\d.,]*$/.test(tokens[end + 1].text) &&
    METRIC_WEIGHT.test(tokens[end + 2].text)
  )
    return true;
  let k = start - 1;
  while (
    k >= 0 &&
    /^(?:about|around|nearly|almost|roughly|some|over|more|than|up|to|an|a|extra|additional)$/i.test(
      tokens[k].text,
    )
  )
    k--;
  return k >= 0 && WEIGHT_VERB.test(tokens[k].text);
}
/** A span that ends with a clock time ("5pm", "5 p.m.", "17:30"). */
const CLOCK_END = /(?:\d\s?[ap]\.?m\.?|\d:[0-5]\d)$/i;
/** A 24-hour clock time written as four digits ("1245", "0930"). */
const CLOCK_HHMM = /^(?:[01]\d|2[0-3])[0-5]\d$/;
/** A clock time written with a dot, as British papers do ("22.58 GMT"); read as one only before a zone. */
const CLOCK_DOT = /^(?:[01]?\d|2[0-3])\.[0-5]\d$/;
/** South Asian number words written after an amount (1 lakh = 100,000; 1 crore = 10 million). */
const SOUTH_ASIAN_MAGNITUDE = /^(?:lakhs?|crores?|lacs?)$/i;
/** Units that wink-nlp tags as a DURATION even with no number ("the best day", "per day"). */
const BARE_UNIT = /^(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries)$/i;
const NUMBER = /^\d[\d,.]*$/;
/** A number written as a word before a hyphenated unit ("two-year sentence"). */
const SPELLED_NUMBER =
  /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred)$/i;
/**
 * A noun after a number that says it counts things: a plural ("1500 metres", "2000 people"),
 * whereas a year comes before a singular noun ("her 1998 paper", "the 2024 election").
 */
const COUNTED = /^(?:\p{L}+s|people|men|women|children|police|staff|cattle|sheep|fish|data)$/iu;
/** A year as written in running text (see `refinePatternEntities`). */
const YEAR = /^(?:1[5-9]|20)\d\d$/;

/**
 * Repairs wink-nlp's pattern entities of one paragraph, on its tokens:
 * - an amount with its currency sign, code or word and its magnitude is one MONEY span
 *   ("£4.5m", "$2bn", "EUR 40", "50p", "75 cents"; wink-nlp alone gives CARDINAL "4.5", MONEY "$2");
 * - a unit with no number is not a DURATION ("the best day of my life"), but "3-day" is one;
 * - a weekday and the date after it are one DATE ("Tuesday 10 March 2026", "Monday, March 3"),
 *   and "9.30am" one TIME;
 * - a URL or e-mail address does not end with the punctuation after it ("see https://x.org.");
 * - the digit groups of a telephone number are not CARDINALs ("+44 20 7946 0958");
 * - the number that opens a numbered heading or list item is no CARDINAL ("1. Right-size");
 * - a date or duration does not start with "by", "since", "until" or "till": "by 2029" is DATE
 *   "2029", "until 5pm" TIME "5pm";
 * - "First" of a title is no ORDINAL ("First Minister", "First Lady", "First Nations");
 * - a number and its unit of measurement are one QUANTITY ("42.2 km", "41°C", "500 MW", "6.1-inch",
 *   "90 km/h", "3 million barrels a day"; quantities.ts lists the units);
 * - "1245 GMT" and "22.58 GMT" are TIMEs; "16-year-old" is an age (CARDINAL 16), not a DURATION;
 * - a time word inside a hyphenated word is none ("all-night"), but "mid-March" is one DATE;
 * - a clock time wink-nlp leaves untagged ("at 22:15", a line opening "22:15") is a TIME;
 * - a time keeps the zone written after it ("4:15 p.m. ET"); "Sept. 9, 2025" is one DATE;
 * - a year is a DATE, not a CARDINAL ("unemployment ending 2024 at 4%", "2020 was awful"):
 *   a number 1500-2099 written without a comma, unless a plural noun follows ("1500 metres";
 *   "her 1998 paper" is a year).
 *
 * @param entities wink-nlp entities as token ranges, in order, not overlapping
 * @returns the entities as character spans of `text` (which the token offsets point into)
 */
export function refinePatternEntities(
  text: string,
  tokens: ReadonlyArray<{ text: string; start: number; end: number; pos?: string }>,
  entities: ReadonlyArray<{ start: number; end: number; type: EntityType }>,
): ParagraphEntity[] {
  const touching = (a: number, b: number) => tokens[a].end === tokens[b].start;
  /** Only spaces or tabs between tokens a and b (one line: "9:30\nET" is not one time). */
  const spacedOnLine = (a: number, b: number) =>
    /^[^\S\r\n]+$/.test(text.slice(tokens[a].end, tokens[b].start));
  const taken = new Set<number>();
  for (const e of entities) for (let t = e.start; t < e.end; t++) taken.add(t);
  const free = (t: number) => t >= 0 && t < tokens.length && !taken.has(t);
  const out: ParagraphEntity[] = [];
  for (const entity of entities) {
    let { start, end, type } = entity;
    // A time word inside a hyphenated word is no date or time ("all-night talks"), except after
    // "mid-"/"early-"/"late-", which join it ("mid-March").
    if (
      (type === 'TIME' || type === 'DATE') &&
      start >= 2 &&
      tokens[start - 1].text === '-' &&
      touching(start - 2, start - 1) &&
      touching(start - 1, start) &&
      /^\p{L}+$/u.test(tokens[start - 2].text) &&
      !taken.has(start - 2)
    ) {
      if (!/^(?:mid|early|late)$/i.test(tokens[start - 2].text)) continue;
      start -= 2;
    }
    // "over 72 weeks", "for three years": the length without the preposition.
    if (type === 'DURATION' && end - start > 1 && DURATION_PREPOSITION.test(tokens[start].text)) start++;
    // "by 2029", "since Tuesday", "until 5pm": the point in time without the preposition wink-nlp
    // takes into the span, so "by 2029" and "2029" are one entity of the document.
    if (
      (type === 'DATE' || type === 'DURATION') &&
      end - start > 1 &&
      LEADING_PREPOSITION.test(tokens[start].text)
    ) {
      start++;
      type = CLOCK_END.test(text.slice(tokens[start].start, tokens[end - 1].end)) ? 'TIME' : 'DATE';
    }
    // "third-quarter revenue", "first-half profit": a period, not a rank.
    if (
      type === 'ORDINAL' &&
      end + 1 < tokens.length &&
      tokens[end].text === '-' &&
      touching(end - 1, end) &&
      touching(end, end + 1) &&
      /^(?:quarter|half)$/i.test(tokens[end + 1].text) &&
      free(end + 1)
    ) {
      end += 2;
      type = 'DATE';
    }
    // "fiscal 2027", "FY 2026": the year of accounts.
    if (
      (type === 'DATE' || type === 'CARDINAL') &&
      end - start === 1 &&
      YEAR.test(tokens[start].text) &&
      free(start - 1) &&
      /^(?:fiscal|FY)$/i.test(tokens[start - 1].text) &&
      spacedOnLine(start - 1, start)
    ) {
      start--;
      type = 'DATE';
    }
    // "First Minister", "First Lady": a title, not a rank.
    if (
      type === 'ORDINAL' &&
      tokens[start].text === 'First' &&
      end < tokens.length &&
      FIRST_TITLES.has(tokens[end].text)
    )
      continue;
    // "900-second timeout": wink-nlp reads "second" as an ORDINAL; after "<digits>-" it is the
    // unit, joined below like "3-day".
    if (
      type === 'ORDINAL' &&
      end - start === 1 &&
      /^second$/i.test(tokens[start].text) &&
      start >= 2 &&
      tokens[start - 1].text === '-' &&
      touching(start - 2, start - 1) &&
      touching(start - 1, start) &&
      NUMBER.test(tokens[start - 2].text)
    )
      type = 'DURATION';
    if (type === 'DURATION' && end - start === 1 && BARE_UNIT.test(tokens[start].text)) {
      // "3-day": the number before the hyphen is wink's CARDINAL, replaced by the whole.
      const hyphen = start - 1;
      if (
        hyphen > 0 &&
        tokens[hyphen].text === '-' &&
        touching(hyphen - 1, hyphen) &&
        touching(hyphen, start)
      ) {
        // "16-year-old" is an age, not a duration: the number stays a CARDINAL.
        const age =
          end + 1 < tokens.length && tokens[end].text === '-' && /^old$/i.test(tokens[end + 1].text);
        if ((NUMBER.test(tokens[hyphen - 1].text) || SPELLED_NUMBER.test(tokens[hyphen - 1].text)) && !age) {
          const previous = out[out.length - 1];
          if (previous?.start === tokens[hyphen - 1].start) out.pop();
          start = hyphen - 1;
        } else continue;
      } else continue;
    }
    if ((type === 'CARDINAL' || type === 'MONEY') && NUMBER.test(tokens[start].text)) {
      const before = start - 1;
      if (
        free(before) &&
        CURRENCY_SIGN.test(tokens[before].text) &&
        tokens[start].start - tokens[before].end <= 1
      ) {
        start = before;
        type = 'MONEY';
      } else if (free(before) && CURRENCY_CODE.test(tokens[before].text) && !touching(before, start)) {
        start = before;
        type = 'MONEY';
      }
    }
    if (type === 'MONEY' || type === 'CARDINAL') {
      const after = end;
      const last = tokens[end - 1].text;
      if (free(after) && NUMBER.test(last) && touching(end - 1, after)) {
        if (type === 'MONEY' && MAGNITUDE_SUFFIX.test(tokens[after].text)) end++;
        else if (/^p$/i.test(tokens[after].text)) {
          end++;
          type = 'MONEY';
        }
      } else if (free(after) && type === 'CARDINAL' && CURRENCY_AFTER.test(tokens[after].text)) {
        end++;
        type = 'MONEY';
      }
    }
    // A weight in pounds is no money: "lost about 27 pounds (12.3 kg)", "weighs 180 pounds".
    if (type === 'MONEY' && /^(?:pounds?|lbs?)$/i.test(tokens[end - 1].text) && weighed(tokens, start, end))
      type = 'QUANTITY';
    // A measurement: the number and its unit are one QUANTITY ("42.2 km", "41°C", "6.1-inch").
    // wink-nlp reads a bare 1500-2099 as a DATE ("1500 metres").
    const measured =
      type === 'CARDINAL' || (type === 'DATE' && end - start === 1 && NUMBER.test(tokens[start].text));
    if (measured && end < tokens.length && /[\p{L}\d]$/u.test(tokens[end - 1].text)) {
      const spelled = !/\d/.test(text.slice(tokens[start].start, tokens[end - 1].end));
      const hyphened =
        tokens[end].text === '-' &&
        end + 1 < tokens.length &&
        touching(end - 1, end) &&
        touching(end, end + 1);
      const unit = hyphened
        ? free(end)
          ? unitEnd(text, tokens, end + 1, free, spelled, true)
          : -1
        : /^[^\S\r\n]?$/.test(text.slice(tokens[end - 1].end, tokens[end].start))
          ? unitEnd(text, tokens, end, free, spelled)
          : -1;
      if (unit > 0) {
        end = unit;
        type = 'QUANTITY';
      } else if (
        !hyphened &&
        !spelled &&
        free(end) &&
        TIME_UNIT_ABBREVIATION.test(tokens[end].text) &&
        /^[^\S\r\n]?$/.test(text.slice(tokens[end - 1].end, tokens[end].start))
      ) {
        // "38 ms", "8 min read": wink-nlp knows only the words ("38 milliseconds").
        end++;
        type = 'DURATION';
      }
    }
    // A number inside an identifier is none ("x86_64", "utf_8").
    if (type === 'CARDINAL' && start > 0 && tokens[start - 1].text === '_' && touching(start - 1, start))
      continue;
    // A 24-hour clock time with its zone ("by 1245 GMT" was DATE "by 1245" and MISC "GMT";
    // "22.58 GMT" CARDINAL "22.58").
    if (
      (type === 'DATE' || type === 'CARDINAL') &&
      (CLOCK_HHMM.test(tokens[end - 1].text) ||
        (type === 'CARDINAL' && CLOCK_DOT.test(tokens[end - 1].text))) &&
      free(end) &&
      TIME_ZONE.test(tokens[end].text) &&
      spacedOnLine(end - 1, end)
    ) {
      start = end - 1;
      end++;
      type = 'TIME';
    }
    // Indian magnitudes after an amount: "₹75,000 crore", "Rs 5 lakh crore" (wink stops at the
    // number).
    while (
      (type === 'MONEY' || type === 'CARDINAL') &&
      free(end) &&
      SOUTH_ASIAN_MAGNITUDE.test(tokens[end].text) &&
      spacedOnLine(end - 1, end)
    )
      end++;
    if (type === 'TIME' && free(end) && TIME_ZONE.test(tokens[end].text) && spacedOnLine(end - 1, end)) end++;
    if (
      type === 'CARDINAL' &&
      start === 0 &&
      end === 1 &&
      /^\d{1,2}$/.test(tokens[0].text) &&
      tokens.length > 2 &&
      /^[.)]$/.test(tokens[1].text) &&
      touching(0, 1) &&
      /^\p{Lu}/u.test(tokens[2].text)
    ) {
      // "1. Right-size everything": the number of a list item or section, not a quantity.
      continue;
    }
    if (
      type === 'CARDINAL' &&
      end - start === 1 &&
      free(start - 1) &&
      /^Sept\.?$/i.test(tokens[start - 1].text) &&
      /^(?:[1-9]|[12]\d|3[01])$/.test(tokens[start].text)
    ) {
      // "Sept. 9": wink-nlp knows "Sep." but not "Sept." (the AP's abbreviation).
      start--;
      type = 'DATE';
    }
    if (
      type === 'CARDINAL' &&
      end - start === 1 &&
      YEAR.test(tokens[start].text) &&
      !(
        end < tokens.length &&
        (tokens[end].pos === 'NOUN' || tokens[end].pos === 'PROPN') &&
        COUNTED.test(tokens[end].text)
      )
    )
      type = 'DATE';
    const from = tokens[start].start;
    let to = tokens[end - 1].end;
    if (type === 'URL' || type === 'EMAIL') to = from + trimLinkEnd(text.slice(from, to)).length;
    // "at 10pm." ends a sentence; the full stop is not part of the time ("10 p.m." keeps its own).
    if (type === 'TIME' && /\d\s?[ap]m\.$/i.test(text.slice(from, to))) to--;
    // So does "-8°C." (wink-nlp's token is "C.").
    if (type === 'QUANTITY' && /[°\s][CF]\.$/.test(text.slice(from, to))) to--;
    const previous = out[out.length - 1];
    const gap = previous ? text.slice(previous.end, from) : '';
    // Entities wink-nlp gives in two pieces that are one: the piece joins the previous entity.
    const continuesPrevious =
      // "Tuesday 10 March 2026", "Monday, March 3": wink-nlp gives the weekday on its own.
      (type === 'DATE' &&
        previous?.type === 'DATE' &&
        WEEKDAY.test(previous.text) &&
        /^,?[^\S\r\n]+$/.test(gap) &&
        MONTH_OR_DAY_START.test(text.slice(from, to))) ||
      // "Sept. 9, 2025": the year after a month and day belongs to the date.
      (type === 'DATE' &&
        previous?.type === 'DATE' &&
        YEAR.test(text.slice(from, to)) &&
        MONTH_DAY.test(previous.text) &&
        /^,[^\S\r\n]+$/.test(gap)) ||
      // "9.30am": wink-nlp reads CARDINAL "9.3" and TIME "0am"; "2.15pm" is CARDINAL "2", ".",
      // TIME "15pm".
      (type === 'TIME' &&
        previous?.type === 'CARDINAL' &&
        (previous.end === from ||
          (previous.end + 1 === from && text[previous.end] === '.' && /^\d{1,2}$/.test(previous.text))));
    if (continuesPrevious && previous) {
      out[out.length - 1] = { text: text.slice(previous.start, to), type, start: previous.start, end: to };
    } else if (to > from) out.push({ text: text.slice(from, to), type, start: from, end: to });
  }
  addClockTimes(text, tokens, taken, out);
  return withoutPhoneNumbers(text, tokens, out);
}

/** A clock time written "22:15" (wink-nlp tokenises it as a number and tags nothing). */
const CLOCK = /^(?:[01]?\d|2[0-3]):[0-5]\d$/;
/** Words before a clock time. */
const TIME_PREPOSITIONS = new Set([
  'at',
  'by',
  'from',
  'until',
  'till',
  'to',
  'after',
  'before',
  'around',
  'about',
  'since',
]);

/**
 * Adds the clock times wink-nlp leaves untagged ("closed at 22:15", a live blog's "22:15 First
 * results ..."): a free "h:mm" token after a time preposition, before a time zone, or opening a
 * line; not "John 3:16" or a score "2:1".
 */
function addClockTimes(
  text: string,
  tokens: ReadonlyArray<{ text: string; start: number; end: number }>,
  taken: ReadonlySet<number>,
  out: ParagraphEntity[],
): void {
  let added = false;
  for (let t = 0; t < tokens.length; t++) {
    if (taken.has(t) || !CLOCK.test(tokens[t].text)) continue;
    const before = t > 0 ? tokens[t - 1].text.toLowerCase() : '';
    const lineStart = t === 0 || /[\r\n]/.test(text.slice(tokens[t - 1].end, tokens[t].start));
    const zoned = t + 1 < tokens.length && TIME_ZONE.test(tokens[t + 1].text) && !taken.has(t + 1);
    if (!lineStart && !zoned && !TIME_PREPOSITIONS.has(before)) continue;
    const end = zoned ? tokens[t + 1].end : tokens[t].end;
    out.push({ text: text.slice(tokens[t].start, end), type: 'TIME', start: tokens[t].start, end });
    if (zoned) t++;
    added = true;
  }
  if (added) out.sort((a, b) => a.start - b.start);
}

/** A telephone number: international ("+44 20 7946 0958") or of 9+ digits in groups. */
const PHONE =
  /(?<![\w+.,])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}(?!\w|[.,]\d)/g;

/** Drops the CARDINALs wink-nlp finds in the digit groups of a telephone number. */
function withoutPhoneNumbers(
  text: string,
  tokens: ReadonlyArray<{ start: number; end: number }>,
  entities: ParagraphEntity[],
): ParagraphEntity[] {
  if (tokens.length === 0 || !entities.some((e) => e.type === 'CARDINAL')) return entities;
  const from = tokens[0].start;
  const phones: Array<[number, number]> = [];
  for (const match of text.slice(from, tokens[tokens.length - 1].end).matchAll(PHONE)) {
    if (match[0].startsWith('+') || match[0].replace(/\D/g, '').length >= 9)
      phones.push([from + match.index, from + match.index + match[0].length]);
  }
  if (phones.length === 0) return entities;
  return entities.filter(
    (e) => e.type !== 'CARDINAL' || !phones.some(([start, end]) => e.start >= start && e.end <= end),
  );
}

const WEEKDAY = /^(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?$/i;

/** Web addresses without a scheme, which wink-nlp reads as words: "www.x.org", "x.org/page". */
const BARE_LINK = /(?<![\w@/.-])(?:www\.[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?=\/))[^\s<>"]*/gi;

/** URL entities for the addresses without a scheme in text[from, to). */
export function bareLinkEntities(text: string, from: number, to: number): ParagraphEntity[] {
  const out: ParagraphEntity[] = [];
  const span = text.slice(from, to);
  if (!span.includes('.')) return out;
  for (const match of span.matchAll(BARE_LINK)) {
    const link = trimLinkEnd(match[0]);
    const start = from + match.index;
    if (link.includes('.')) out.push({ text: link, type: 'URL', start, end: start + link.length });
  }
  return out;
}

/** A link without the quotes, markup and sentence punctuation written after it (a ")" it opened stays). */
export function trimLinkEnd(link: string): string {
  // Quotes and angle brackets cannot be in a link: it ends before them ('src="https://x.org/">').
  const stop = link.search(/["<>\u201c\u201d]/);
  let end = stop > 0 ? stop : link.length;
  for (;;) {
    const c = link[end - 1];
    if (/[.,;:!?'"\u2019\u201d\]>]/.test(c)) end--;
    else if (c === ')' && link.slice(0, end).split('(').length <= link.slice(0, end).split(')').length - 1)
      end--;
    else break;
  }
  return link.slice(0, end);
}
