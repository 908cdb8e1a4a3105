/**
 * Units of measurement after a number, for QUANTITY entities ("42.2 km", "1.2 gigawatts",
 * "41°C", "256GB", "5,000 square miles", "90 km/h", "3 million barrels a day", "6.1-inch").
 * wink-nlp tags only the number (a CARDINAL) and tokenises the unit apart from it ("30cm" is
 * "30" + "cm"); `refinePatternEntities` (entities.ts) asks {@link unitEnd} how far the unit runs.
 *
 * Left out on purpose, because after a number they as often mean something else: "m" (metres or
 * million: "30m people"), "g" ("5G"), "in", "l" and "pounds" (money in British text, where
 * entities.ts reads "10 pounds" as MONEY); "W" and "V" count only written onto the number
 * ("45W charging"), as "45 W" may be a direction.
 */

/** Abbreviations, matched exactly: case tells "MB" (megabytes) from "mb" and "Mb". */
const UNIT_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'mm',
  'cm',
  'km',
  'nm',
  'ft',
  'yd',
  'mi',
  'kg',
  'mg',
  'lb',
  'lbs',
  'oz',
  'ml',
  'mL',
  'cc',
  'kW',
  'MW',
  'GW',
  'TW',
  'kWh',
  'MWh',
  'GWh',
  'TWh',
  'kV',
  'mAh',
  'hp',
  'bhp',
  'mph',
  'kph',
  'kmh',
  'KB',
  'kB',
  'MB',
  'GB',
  'TB',
  'PB',
  'Mbps',
  'Gbps',
  'Hz',
  'kHz',
  'MHz',
  'GHz',
  'dB',
  'bpd',
  'kcal',
]);

/** Abbreviations that are units only when written onto the number ("45W", "12V"; "45 W" may be west). */
const TOUCHING_UNIT_ABBREVIATIONS: ReadonlySet<string> = new Set(['W', 'V', 'kWp']);

/** Unit words, singular or plural, British or American spelling. */
const UNIT_WORD =
  /^(?:(?:kilo|centi|milli|micro|nano)?met(?:re|er)s?|miles?|feet|foot|inch(?:es)?|yards?|(?:kilo|milli|micro)?grams?|kilos|tonnes?|tons?|ounces?|(?:milli)?lit(?:re|er)s?|gallons?|barrels?|pints?|acres?|hectares?|(?:kilo|mega|giga|tera)?watts?|volts?|amps?|(?:kilo)?calories|joules?|horsepower|degrees?|knots|(?:kilo|mega|giga|tera|peta)bytes?|megapixels?|nits|decibels?|(?:kilo|mega|giga)?hertz|carats?)$/i;

/** Units that a spelled-out number does not measure ("two degrees" are diplomas, "tons of"). */
const AMBIGUOUS_AFTER_WORDS = /^(?:degrees?|tons?|knots|feet|foot|pints?)$/i;

/** Words before a unit that belong to it ("square miles", "sq ft", "cubic metres"). */
const UNIT_PREFIX = /^(?:square|sq|cubic|nautical)$/i;

/**
 * A temperature scale after "degrees" or "°". wink-nlp keeps the full stop of a sentence that
 * ends with the scale on it ("fell to -8°C." gives "°", "C."); entities.ts drops it from the span.
 */
const SCALE = /^(?:Celsius|Fahrenheit|centigrade|C\.?|F\.?)$/;

/** What a rate is per ("km/h", "miles per hour", "barrels a day", "per capita"). */
const RATE_BASE = /^(?:h|hr|hour|s|sec|second|min|minute|day|week|month|year|annum|person|head|capita)$/i;

/** Abbreviated time units written after a number ("38 ms", "8 min", "2 hrs"): DURATIONs. */
export const TIME_UNIT_ABBREVIATION = /^(?:ms|µs|μs|ns|secs?|mins?|hrs?)$/;

/** Time words after a number ("11 seconds", "two weeks"). */
const TIME_WORD = /^(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)$/i;

/**
 * Is this word a unit of measurement or of time, as written after a number ("38 ms", "3,008 MB",
 * "11 seconds")? Key phrases leave such words out: a measure is not what an article is about.
 */
export function isUnitWord(text: string): boolean {
  return (
    UNIT_ABBREVIATIONS.has(text) ||
    UNIT_WORD.test(text) ||
    TIME_UNIT_ABBREVIATION.test(text) ||
    TIME_WORD.test(text)
  );
}

/** A token as `refinePatternEntities` sees it. */
export interface UnitToken {
  text: string;
  start: number;
  end: number;
}

/**
 * Where the unit that starts at token `at` ends (exclusive token index), or -1 when no unit
 * starts there.
 *
 * @param free whether a token is still free (no other pattern entity holds it)
 * @param spelled the number is written in words ("three miles"), not digits
 * @param hyphened the number and token `at` are joined by a hyphen with no space ("6.1-inch");
 *   then only a unit word in the singular counts, with nothing after it
 */
export function unitEnd(
  text: string,
  tokens: ReadonlyArray<UnitToken>,
  at: number,
  free: (t: number) => boolean,
  spelled: boolean,
  hyphened = false,
): number {
  const n = tokens.length;
  const touching = (a: number) => tokens[a].end === tokens[a + 1].start;
  /** Tokens a and a + 1 are on one line with at most one space between them. */
  const next = (a: number) =>
    a + 1 < n && free(a + 1) && /^[^\S\r\n]?$/.test(text.slice(tokens[a].end, tokens[a + 1].start));
  if (at >= n || !free(at)) return -1;
  if (hyphened) return /^\p{Ll}+$/u.test(tokens[at].text) && UNIT_WORD.test(tokens[at].text) ? at + 1 : -1;
  let u = at;
  // "41°C", "106 °F", "30°"
  if (tokens[u].text === '°') {
    if (spelled) return -1;
    return u + 1 < n && touching(u) && free(u + 1) && SCALE.test(tokens[u + 1].text) ? u + 2 : u + 1;
  }
  if (u > 0 && tokens[u - 1].end === tokens[u].start && TOUCHING_UNIT_ABBREVIATIONS.has(tokens[u].text))
    return u + 1;
  if (UNIT_PREFIX.test(tokens[u].text) && next(u)) u++;
  const unit = tokens[u].text;
  if (!UNIT_ABBREVIATIONS.has(unit) && !UNIT_WORD.test(unit)) return -1;
  if (spelled && AMBIGUOUS_AFTER_WORDS.test(unit)) return -1;
  let end = u + 1;
  if (/^degrees?$/i.test(unit) && next(u) && SCALE.test(tokens[end].text)) end++;
  // A rate: "km/h", "miles per hour", "3 million barrels a day".
  const last = end - 1;
  if (end + 1 < n && tokens[end].text === '/' && touching(last) && touching(end)) {
    if (free(end) && free(end + 1) && RATE_BASE.test(tokens[end + 1].text)) end += 2;
  } else if (
    end + 1 < n &&
    /^(?:per|a|an)$/i.test(tokens[end].text) &&
    next(last) &&
    // wink-nlp tags "hour" of "per hour" as a DURATION of its own, which entities.ts drops as a
    // bare unit: the rate takes it whether free or not.
    /^[^\S\r\n]?$/.test(text.slice(tokens[end].end, tokens[end + 1].start)) &&
    RATE_BASE.test(tokens[end + 1].text) &&
    tokens[end + 1].text.length > 2
  ) {
    end += 2;
  }
  return end;
}
