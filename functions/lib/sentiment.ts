/**
 * Sentiment stage: lexicon scoring of sentences, rolled up to paragraphs and the document.
 *
 * Word valences: AFINN-165 (the `sentiment` package's English labels, integers -5..+5) plus
 * textlens's extras for news, finance and everyday reviews (sentiment-lexicon.ts, each entry
 * with its reason). Per sentence, left to right:
 * - negation: a negator ("not", "n't", "never", "no", "without", ...) flips the next
 *   sentiment word within {@link SentimentOptions.negationWindow} words; the scope also ends at
 *   punctuation, at a contrast word, and after its head (the first noun or non-linking verb:
 *   "can not fix a broken system" leaves "broken" alone). A negated positive word scores
 *   `-valence`, a negated negative `-0.5 * valence` ("not bad" is only mildly good). A negator
 *   whose scope flips nothing ("it didn't work", "will not be back") scores -1 itself, unless
 *   its scope holds a reporting word ("terms were not disclosed"). The scope passes through
 *   "think", "expect", "seem"... to the clause they introduce ("I don't think the sequel is
 *   great"); "anything but", "far from" negate; "could/should/would have been" flips what
 *   follows without scoring itself ("could have been better" is a complaint, "could have been
 *   worse" mild relief);
 * - intensifiers and diminishers multiply the next sentiment word within two words ("very"
 *   1.5, "extremely" 1.8, "slightly" 0.5; "fewer"/"less" -0.5); finance adverbs may follow
 *   ("fell sharply");
 * - contrast: words before "but"/"however" weigh 0.5, words after 1.5; a concessive clause
 *   ("although ...", "despite ...") weighs 0.5;
 * - news: phrases ("beat forecasts", "cut jobs"), and direction words paired with a figure
 *   ("loss narrowed" +, "costs rose" -, "profit fell" -) score once, on the pair;
 * - each "!" (up to 3) multiplies the sentence by 1.1.
 * Measured on UCI (the tuning set): the bare-negation valence was the big gain (+4.9 points of
 * UCI mean accuracy); the other knobs moved it by less than 0.5 and keep VADER-like values.
 *
 * Scores: `score` is the sum of the contributions (each word's valence after the rules above:
 * mostly -5..+5, at most about ±17 with intensifier, contrast and exclamation together);
 * `comparative` is `score / words` (words = word tokens in the span; in practice -1..+1).
 *
 * Labels (documented contract):
 * - `mixed` when the span has both positive and negative evidence of at least
 *   {@link MIXED_MIN_SIDE} each and the weaker side is at least {@link MIXED_RATIO} of the
 *   stronger side (a design choice: no data set here has a mixed class);
 * - otherwise `positive` when `comparative >= POSITIVE_THRESHOLD`, `negative` when
 *   `comparative <= -NEGATIVE_THRESHOLD`, else `neutral`.
 * The threshold 0.05 was chosen on UCI (scripts/lib/sentiment-eval.ts data): ordering the
 * non-zero UCI sentences by |comparative|, windows of 100 sentences have a sign accuracy of
 * 64-68 % below 0.05 and 71-85 % above it; 0.05 is where the sign becomes right at least 70 %
 * of the time. With it, 81 % of UCI sentences get a polar label, 90.7 % of them right.
 * SST-2 and the Financial PhraseBank were not used to choose anything (held out).
 */
import { type ParagraphTokens, readParagraph } from './nlp.ts';
import {
  CONCESSIVES,
  CONTRASTS,
  DIRECTION_WORDS,
  LINKING_VERBS,
  MODIFIERS,
  NEGATORS,
  PHRASES,
  POST_MODIFIERS,
  REPORTING_WORDS,
  TARGETS,
  VALENCE,
} from './sentiment-lexicon.ts';
import { isTightHyphen } from './token-marks.ts';
import type { SentimentDetail, SentimentLabel, SentimentScore } from './types.ts';

/**
 * Words whose valence is in their verb sense only: "like" as a preposition, "work" as a noun
 * ("Work will start in January", "construction work") carry none.
 */
const VERB_SENSE_ONLY: ReadonlySet<string> = new Set(['like', 'work']);

/** Comparative score at or above which a span is positive. */
export const POSITIVE_THRESHOLD = 0.05;
/** Comparative score at or below whose negation a span is negative. */
export const NEGATIVE_THRESHOLD = 0.05;
/** Minimum absolute valence on each side for `mixed`. */
export const MIXED_MIN_SIDE = 3;
/** Weaker side / stronger side ratio from which a span with both sides is `mixed`. */
export const MIXED_RATIO = 0.6;

/** Raw sentiment evidence of a span, additive across spans. */
export interface SentimentTally {
  score: number;
  /** Number of word tokens (the denominator of `comparative`). */
  words: number;
  /** Sum of positive contributions (>= 0). */
  positiveSum: number;
  /** Sum of negative contributions as a positive number (>= 0). */
  negativeSum: number;
  positive: string[];
  negative: string[];
}

/** One token as the scorer sees it. */
export interface ScoredToken {
  /** Token text as written. */
  text: string;
  /** True when the token is a word (counts towards `words`). */
  isWord: boolean;
  /** True when wink-nlp put the token in a negation scope. */
  negated: boolean;
  /** Universal POS tag from wink-nlp, when known. */
  pos?: string;
  /**
   * True for a hyphen written between two words without spaces ("weight-loss"): it joins the
   * words, so it ends no clause (a spaced dash does) and a phrase may run across it.
   */
  joins?: boolean;
}

/**
 * Token `i` of a paragraph read by wink-nlp as the scorer sees it. The report (analyze-text.ts)
 * and {@link scoreText} both build their tokens here, so they score alike.
 */
export function scoredToken(
  p: Pick<ParagraphTokens, 'tokens' | 'isWord' | 'negated'>,
  i: number,
): ScoredToken {
  const token: ScoredToken = {
    text: p.tokens[i].text,
    isWord: p.isWord[i],
    negated: p.negated[i],
    pos: p.tokens[i].pos,
  };
  if (i > 0 && i + 1 < p.tokens.length && isTightHyphen(p.tokens, i)) token.joins = true;
  return token;
}

/** Scoring knobs; {@link DEFAULT_OPTIONS} are the shipped values (tuned on UCI, see above). */
export interface SentimentOptions {
  /** How negation scope is decided: wink-nlp's flags, a word window after a negator, or both. */
  negation: 'wink' | 'window' | 'both';
  /** Words after a negator that it reaches (window mode). */
  negationWindow: number;
  /** End the scope after the first noun or non-linking verb ("can not fix a broken system"). */
  scopeEndsAtHead: boolean;
  /** A negated positive word scores `-NEG_POS * valence`. */
  negatedPositive: number;
  /** A negated negative word scores `-NEG_NEG * valence` ("not bad" is only mildly good). */
  negatedNegative: number;
  /** Weight of the words before a contrast word ("but", "however"). */
  beforeContrast: number;
  /** Weight of the words after a contrast word. */
  afterContrast: number;
  /** Weight of a concessive clause ("although ...", "despite ..."). */
  concessive: number;
  /** Each "!" (up to 3) multiplies the sentence score by `1 + exclamation`. */
  exclamation: number;
  /**
   * Valence of a negator whose scope holds no sentiment word ("it didn't work", "will not be
   * back"): in reviews a bare negation is itself a complaint.
   */
  bareNegation: number;
  /** Use intensifiers/diminishers. */
  modifiers: boolean;
  /** Use direction/target pairs ("loss narrowed") and phrases. */
  news: boolean;
}

export const DEFAULT_OPTIONS: Readonly<SentimentOptions> = {
  negation: 'window',
  negationWindow: 3,
  scopeEndsAtHead: true,
  negatedPositive: 1,
  negatedNegative: 0.5,
  beforeContrast: 0.5,
  afterContrast: 1.5,
  concessive: 0.5,
  exclamation: 0.1,
  bareNegation: 1,
  modifiers: true,
  news: true,
};

/** Verbs a negation passes through to the clause they introduce ("don't think", "didn't expect"). */
/** Verbs after which "to <verb>" did not happen ("failed to win"). */
const FAILURE_VERBS: ReadonlySet<string> = new Set(
  'fail fails failed failing refuse refuses refused refusing struggle struggles struggled struggling'.split(
    ' ',
  ),
);

const NEG_RAISING: ReadonlySet<string> = new Set([
  'think',
  'believe',
  'expect',
  'suppose',
  'imagine',
  'feel',
  'reckon',
  'seem',
  'seems',
  'seemed',
  'appear',
  'appears',
]);

/** Modals that make "<modal> have been" a counterfactual. */
const COUNTERFACTUAL_MODALS: ReadonlySet<string> = new Set(['could', 'should', 'would', 'might']);

/** Punctuation that ends a clause (negation and modifier scope, target pairing). */
const CLAUSE_BREAKS = new Set([',', ';', ':', '.', '!', '?', '(', ')', '-', '\u2013', '\u2014', '"']);

/** Words within which a direction word and its target noun pair up. */
const PAIR_WINDOW = 4;

/**
 * What the lexicon tables say of one lower-case word, gathered in one entry so that scoring a
 * word costs one look-up instead of up to eight (most words are in no table: no entry).
 */
export interface WordEntry {
  negator: boolean;
  contrast: boolean;
  concessive: boolean;
  modifier?: number;
  valence?: number;
  target?: number;
  direction?: number;
  /** The word followed by a space begins a key of PHRASES (only then is the pair looked up). */
  startsPhrase: boolean;
}

function buildWordEntries(): ReadonlyMap<string, WordEntry> {
  const entries = new Map<string, WordEntry>();
  const entry = (word: string) => {
    let e = entries.get(word);
    if (!e) {
      e = { negator: false, contrast: false, concessive: false, startsPhrase: false };
      entries.set(word, e);
    }
    return e;
  };
  for (const word of NEGATORS) entry(word).negator = true;
  for (const word of CONTRASTS) entry(word).contrast = true;
  for (const word of CONCESSIVES) entry(word).concessive = true;
  for (const [word, m] of MODIFIERS) entry(word).modifier = m;
  for (const [word, valence] of VALENCE) entry(word).valence = valence;
  for (const [word, polarity] of TARGETS) entry(word).target = polarity;
  for (const [word, direction] of DIRECTION_WORDS) entry(word).direction = direction;
  for (const phrase of PHRASES.keys()) {
    for (let at = phrase.indexOf(' '); at >= 0; at = phrase.indexOf(' ', at + 1)) {
      entry(phrase.slice(0, at)).startsPhrase = true;
    }
  }
  return entries;
}

/**
 * Inflected verb forms the lexicon lacks -> the valence of their base word: base + s/es/ed/d/ing
 * (final e dropped before -ing, final consonant + y -> ies/ied, a doubled final consonant:
 * "slammed"). Words whose inflection changes their sense are excluded.
 */
function buildVerbForms(): ReadonlyMap<string, number> {
  const forms = new Map<string, number>();
  const add = (form: string, valence: number) => {
    if (!VALENCE.has(form) && !forms.has(form) && !VERB_FORM_EXCEPTIONS.has(form)) forms.set(form, valence);
  };
  for (const [base, valence] of VALENCE) {
    // Bases of weight 1 are mostly senses of common verbs ("want", "leave", "extend",
    // "exclude"): their forms stay unscored (UCI was the same with them).
    if (!/^[a-z]{3,}$/.test(base) || Math.abs(valence) < 2) continue;
    add(`${base}s`, valence);
    if (/(?:s|x|z|ch|sh)$/.test(base)) add(`${base}es`, valence);
    if (base.endsWith('e')) {
      add(`${base}d`, valence);
      add(`${base.slice(0, -1)}ing`, valence);
    } else if (/[^aeiou]y$/.test(base)) {
      add(`${base.slice(0, -1)}ies`, valence);
      add(`${base.slice(0, -1)}ied`, valence);
      add(`${base}ing`, valence);
    } else {
      add(`${base}ed`, valence);
      add(`${base}ing`, valence);
      if (/[^aeiou][aeiou][bdglmnprt]$/.test(base)) {
        add(`${base}${base.at(-1)}ed`, valence);
        add(`${base}${base.at(-1)}ing`, valence);
      }
    }
  }
  return forms;
}

/**
 * Forms whose sense is not their base's ("fined" is no "fine", "means" no "mean", a film
 * "grossed" $100m).
 */
const VERB_FORM_EXCEPTIONS: ReadonlySet<string> = new Set([
  'fined',
  'fining',
  'means',
  'meaning',
  'kinds',
  'likes',
  'pleased',
  'interested',
  'interesting',
  'wells',
  'grossed',
  'grossing',
  'fans',
  'highlights',
  'highlighted',
  'highlighting',
]);

const VERB_FORMS = buildVerbForms();

/** Lower-case word -> its {@link WordEntry} (exported for the test that checks it against the tables). */
export const WORD_ENTRIES = buildWordEntries();

/** Per-token contributions of the sentence being scored (reused: scoring is synchronous). */
let contributions = new Float64Array(256);
/** Word (or phrase) each contribution is reported under. */
const contributors: string[] = [];

/** Scores one sentence (or any token run). */
export function scoreTokens(tokens: readonly ScoredToken[]): SentimentTally {
  return scoreTokensWith(tokens, DEFAULT_OPTIONS);
}

/** {@link scoreTokens} with explicit options (for tuning and evaluation). */
export function scoreTokensWith(
  tokens: readonly ScoredToken[],
  options: Readonly<SentimentOptions>,
): SentimentTally {
  const n = tokens.length;
  if (contributions.length < n) contributions = new Float64Array(n * 2);
  const contrib = contributions;
  contrib.fill(0, 0, n);
  const useWink = options.negation !== 'window';
  const useWindow = options.negation !== 'wink';

  let words = 0;
  let negLeft = 0;
  let modifier = 1;
  let modLeft = 0;
  let weight = 1;
  let concessiveFrom = -1;
  let exclamations = 0;
  /** The last negator, until its scope flips a word (then -1). */
  let negatorAt = -1;
  let prevWord = '';
  let prevPrevWord = '';
  /** The open negation passed through a verb such as "think" (its scope skips the subject). */
  let raised = false;
  let prevEntry: WordEntry | undefined;
  let prevWordAt = -1;
  let lastScoredAt = -1;
  let lastScoredWord = -10;
  let targetAt = -1;
  let targetWord = -10;
  let targetSign = 0;
  let directionAt = -1;
  let directionWord = -10;
  let directionValence = 0;

  for (let i = 0; i < n; i++) {
    const token = tokens[i];
    const text = token.text;
    if (!token.isWord) {
      if (token.joins) continue;
      if (CLAUSE_BREAKS.has(text)) {
        negLeft = 0;
        raised = false;
        modLeft = 0;
        targetAt = -1;
        directionAt = -1;
        prevWordAt = -1;
        if (concessiveFrom >= 0 && text !== '-') {
          for (let k = concessiveFrom; k < i; k++) contrib[k] *= options.concessive;
          concessiveFrom = -1;
        }
      } else {
        const valence = VALENCE.get(text);
        if (valence !== undefined) {
          contrib[i] = valence * weight;
          contributors[i] = text;
        }
      }
      if (text === '!' || text === '!!' || text === '!!!') exclamations += text.length;
      continue;
    }
    words++;
    const lower = text.toLowerCase();
    const entry = WORD_ENTRIES.get(lower);
    const wordAt = words;

    // "failed to win", "refused to help": the verb after "to" did not happen, so it is flipped
    // like a negation; when it flips nothing ("failed to appear") the failure word keeps its own
    // score.
    if (lower === 'to' && useWindow && prevWordAt >= 0 && FAILURE_VERBS.has(prevWord)) {
      negatorAt = prevWordAt;
      negLeft = 1;
      raised = false;
      prevPrevWord = prevWord;
      prevWord = lower;
      prevEntry = entry;
      prevWordAt = i;
      continue;
    }

    // "anything but clean", "far from perfect": a negation, not a contrast.
    const negatingPhrase =
      (lower === 'but' && prevWord === 'anything') || (lower === 'from' && prevWord === 'far');
    // "could have been better", "should've been a win": what follows did not happen. Flips like
    // a negation ("could have been worse" is mildly good), without a bare-negation score.
    // wink-nlp splits "could've" into "could" + "'ve".
    const counterfactual =
      lower === 'been' &&
      (prevWord === 'have' || prevWord === "'ve" || prevWord === '\u2019ve') &&
      COUNTERFACTUAL_MODALS.has(prevPrevWord);
    if (entry?.negator || negatingPhrase || counterfactual) {
      // Scores as a bare negation until its scope flips a sentiment word.
      contrib[i] = counterfactual ? 0 : -options.bareNegation * weight;
      contributors[i] = lower;
      negatorAt = counterfactual ? -1 : i;
      raised = false;
      if (useWindow) negLeft = options.negationWindow;
      prevPrevWord = prevWord;
      prevWord = lower;
      prevEntry = entry;
      prevWordAt = i;
      continue;
    }
    if (entry?.contrast && words > 1) {
      for (let k = 0; k < i; k++) contrib[k] *= options.beforeContrast;
      weight = options.afterContrast;
      negLeft = 0;
      modLeft = 0;
      prevWordAt = -1;
      continue;
    }
    if (entry?.concessive) {
      concessiveFrom = i;
      continue;
    }
    if (options.modifiers) {
      const m = entry?.modifier;
      if (m !== undefined && (lower !== 'so' || token.pos === undefined || token.pos === 'ADV')) {
        if (POST_MODIFIERS.has(lower) && lastScoredAt >= 0 && wordAt - lastScoredWord <= 2) {
          contrib[lastScoredAt] *= m;
          lastScoredAt = -1;
        } else {
          modifier *= m;
          modLeft = 2;
        }
        if (negLeft > 0) negLeft--;
        prevWord = lower;
        prevEntry = entry;
        prevWordAt = i;
        continue;
      }
    }

    let valence = entry?.valence;
    // An inflected verb the lexicon lacks scores as its base ("it crashed", "slammed": AFINN has
    // only "crash", "slam"). Verbs only: a noun's plural may mean something else ("goods")
    // (with plural nouns too, UCI, the tuning set, was the same).
    if (valence === undefined && token.pos === 'VERB') valence = VERB_FORMS.get(lower);
    let label = lower;
    if (
      valence !== undefined &&
      VERB_SENSE_ONLY.has(lower) &&
      token.pos !== undefined &&
      token.pos !== 'VERB'
    ) {
      valence = undefined;
    }
    if (options.news) {
      if (prevWordAt >= 0 && prevEntry?.startsPhrase) {
        const phrase = PHRASES.get(`${prevWord} ${lower}`);
        if (phrase !== undefined) {
          contrib[prevWordAt] = 0;
          valence = phrase;
          label = `${prevWord} ${lower}`;
        }
      }
      const targetPolarity = entry?.target;
      const direction = entry?.direction;
      if (targetPolarity !== undefined) {
        if (directionAt >= 0 && wordAt - directionWord <= PAIR_WINDOW) {
          // "reduced its losses", "higher costs": the direction word scores, the noun not.
          contrib[directionAt] = directionValence * targetPolarity * weight;
          contributors[directionAt] = `${contributors[directionAt] ?? prevWord} ${lower}`;
          directionAt = -1;
          valence = undefined;
        } else {
          targetAt = i;
          targetWord = wordAt;
          targetSign = targetPolarity;
        }
      } else if (direction !== undefined) {
        if (targetAt >= 0 && wordAt - targetWord <= PAIR_WINDOW) {
          // "operating loss narrowed", "costs rose": the pair scores once, on the direction.
          contrib[targetAt] = 0;
          valence = direction * targetSign;
          label = `${tokens[targetAt].text.toLowerCase()} ${lower}`;
          targetAt = -1;
        } else {
          directionAt = i;
          directionWord = wordAt;
          directionValence = direction;
          contributors[i] = lower;
        }
      }
    }

    const before = prevWord;
    prevPrevWord = prevWord;
    prevWord = lower;
    prevEntry = entry;
    prevWordAt = i;
    const negated = (useWink && token.negated) || negLeft > 0;
    if (negLeft > 0) {
      negLeft--;
      const pos = token.pos;
      if (NEG_RAISING.has(lower)) {
        // "I don't think the sequel is great": the negation is of what is thought, further on,
        // past the clause's subject.
        negLeft = Math.max(negLeft, options.negationWindow + 1);
        raised = true;
      } else if (
        options.scopeEndsAtHead &&
        !raised &&
        !(lower === 'one' && before === 'no') &&
        (pos === 'NOUN' || pos === 'PROPN' || (pos === 'VERB' && !LINKING_VERBS.has(lower)))
      ) {
        // ("No one was injured": "one" is no head.)
        negLeft = 0;
      }
    }
    if (negatorAt >= 0 && negated && REPORTING_WORDS.has(lower)) {
      contrib[negatorAt] = 0;
      negatorAt = -1;
    }
    if (valence === undefined || valence === 0) {
      if (modLeft > 0 && --modLeft === 0) modifier = 1;
      continue;
    }
    let value = valence;
    if (modLeft > 0) {
      value *= modifier;
      modifier = 1;
      modLeft = 0;
    }
    if (negated) {
      value = value > 0 ? -value * options.negatedPositive : -value * options.negatedNegative;
      if (negatorAt >= 0) contrib[negatorAt] = 0;
      negatorAt = -1;
    }
    contrib[i] = value * weight;
    contributors[i] = label;
    lastScoredAt = i;
    lastScoredWord = wordAt;
  }
  if (concessiveFrom >= 0) for (let k = concessiveFrom; k < n; k++) contrib[k] *= options.concessive;

  const tally: SentimentTally = {
    score: 0,
    words,
    positiveSum: 0,
    negativeSum: 0,
    positive: [],
    negative: [],
  };
  const boost = exclamations > 0 ? 1 + options.exclamation * Math.min(exclamations, 3) : 1;
  for (let i = 0; i < n; i++) {
    const value = contrib[i] * boost;
    if (value === 0) continue;
    tally.score += value;
    if (value > 0) {
      tally.positiveSum += value;
      tally.positive.push(contributors[i]);
    } else {
      tally.negativeSum -= value;
      tally.negative.push(contributors[i]);
    }
  }
  return tally;
}

/** Adds tallies (sentences -> paragraph -> document). */
export function combineTallies(tallies: readonly SentimentTally[]): SentimentTally {
  const total: SentimentTally = {
    score: 0,
    words: 0,
    positiveSum: 0,
    negativeSum: 0,
    positive: [],
    negative: [],
  };
  for (const tally of tallies) {
    total.score += tally.score;
    total.words += tally.words;
    total.positiveSum += tally.positiveSum;
    total.negativeSum += tally.negativeSum;
    for (const word of tally.positive) total.positive.push(word);
    for (const word of tally.negative) total.negative.push(word);
  }
  return total;
}

/** Rounds to 4 decimals so reports are stable and readable. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000 + 0;
}

/** Chooses the label of a tally (thresholds in the module comment). */
export function labelFor(tally: SentimentTally): SentimentLabel {
  const strong = Math.max(tally.positiveSum, tally.negativeSum);
  const weak = Math.min(tally.positiveSum, tally.negativeSum);
  if (weak >= MIXED_MIN_SIDE && weak >= strong * MIXED_RATIO) return 'mixed';
  const comparative = tally.words === 0 ? 0 : tally.score / tally.words;
  if (comparative >= POSITIVE_THRESHOLD) return 'positive';
  if (comparative <= -NEGATIVE_THRESHOLD) return 'negative';
  return 'neutral';
}

/** Score, comparative and label of a tally. */
export function toScore(tally: SentimentTally): SentimentScore {
  return {
    score: round(tally.score),
    comparative: round(tally.words === 0 ? 0 : tally.score / tally.words),
    label: labelFor(tally),
  };
}

/** The distinct words of a list, in order of first appearance. */
function distinct(words: readonly string[]): string[] {
  // Most paragraphs have no sentiment word on a side, or one: no Set needed.
  return words.length < 2 ? [...words] : [...new Set(words)];
}

/** Score with the words that drove it (each list de-duplicated, in order of first appearance). */
export function toDetail(tally: SentimentTally): SentimentDetail {
  // Written out (spreading toScore's result into a larger literal is V8's slow path); same keys
  // in the same order.
  const { score, comparative, label } = toScore(tally);
  return {
    score,
    comparative,
    label,
    positive: distinct(tally.positive),
    negative: distinct(tally.negative),
  };
}

/** Scores the sentences of a tokenised paragraph and adds them up (the report's path). */
export function scoreSentences(
  tokens: readonly ScoredToken[],
  sentences: ReadonlyArray<{ start: number; end: number }>,
): SentimentTally {
  return combineTallies(sentences.map((s) => scoreTokens(tokens.slice(s.start, s.end))));
}

/** Scores free text as one paragraph, sentence by sentence, exactly as `analyze` does. */
export function scoreText(text: string): SentimentTally {
  const p = readParagraph(text, 0);
  const tokens = p.tokens.map((_, i) => scoredToken(p, i));
  return scoreSentences(tokens, p.sentences);
}
