/**
 * Word lists for the sentiment scorer (sentiment.ts): AFINN-165 valences from the `sentiment`
 * package (MIT; AFINN by Finn Årup Nielsen) plus textlens's own extras, in the spirit of that
 * package's `extras` option, and the modifier words (negators, intensifiers, contrast words).
 *
 * Every extra says why it was added. Sources of the decisions:
 * - news/finance: general knowledge of how news and business reporting use the words (written
 *   up front, NOT fitted to the Financial PhraseBank, which is evaluation only);
 * - reviews: words found among misclassified sentences of the UCI Sentiment Labelled Sentences
 *   (CC BY 4.0, the tuning set), kept only when their polarity is general English usage.
 *
 * Valences are on AFINN's scale: integers -5..+5 per word.
 */

// @ts-expect-error -- the `sentiment` package ships no types for its language module.
import english from 'sentiment/languages/en/index.js';

/** Why: a reason per entry, so the list can be reviewed. Value first, then the reason. */
type Extra = readonly [valence: number, why: string];

/**
 * Words whose AFINN valence misleads in news, set to 0 (neutral).
 */
const NEWS_NEUTRAL: Readonly<Record<string, Extra>> = {
  share: [0, 'a stock share in business news, not the verb "to share"'],
  shares: [0, '"shares fell" is about stocks; AFINN +1 made every market report positive'],
  shared: [0, 'reporting verb ("shared the results"), not sentiment'],
  interest: [0, 'interest rates and "interest in" are neutral in news'],
  interests: [0, 'business interests: neutral'],
  demand: [0, 'market demand (rising demand is good news); AFINN -1 is the "to demand" sense'],
  demands: [0, 'as "demand"'],
  pay: [0, 'pay/payment figures are neutral facts'],
  charged: [0, 'usually "charged a fee" or "charged with"; the crime sense is carried by other words'],
  charges: [0, 'fees and one-off charges; see "charged"'],
  cutting: [0, 'as "cut"'],
  top: [0, '"top executives", "top of the list": position, not praise'],
  matter: [0, '"the matter", "sources familiar with the matter": neutral'],
  agreement: [0, 'a contract or deal: neutral fact in business news'],
  agreements: [0, 'as "agreement"'],
  big: [0, 'size, not sentiment ("a big order", "a big loss")'],
  alert: [0, 'notification ("news alert"), not sentiment'],
  await: [0, 'future event ("awaits approval"), not sentiment'],
  awaited: [0, 'as "await"'],
  awaits: [0, 'as "await"'],
  pressure: [0, '"price pressure" is weak; kept neutral to avoid false negatives in reports'],
  commit: [0, 'procedural ("commit to", "commit funds")'],
  committed: [0, 'procedural'],
  authority: [0, 'an institution ("the port authority")'],
  capital: [0, 'capital markets, the capital city'],
  crude: [0, '"Brent crude", "crude oil" in market reports; AFINN -1 is the "vulgar" sense'],
};

/**
 * Direction words: the way a figure moved. Standing alone they carry the sign of the usual
 * story ("sales rose" is good news, "sales fell" is bad). Next to a TARGET noun their sign is
 * multiplied by the noun's polarity ("costs rose" is bad news, "loss narrowed" is good).
 */
const DIRECTIONS: Readonly<Record<string, Extra>> = {
  increase: [1, 'up-move of a figure'],
  increased: [2, 'up-move of a figure ("net sales increased")'],
  increases: [1, 'up-move'],
  increasing: [1, 'up-move'],
  rose: [2, 'up-move ("profit rose 5 %")'],
  rise: [1, 'up-move'],
  rises: [1, 'up-move'],
  rising: [1, 'up-move'],
  grew: [2, 'up-move'],
  grow: [1, 'up-move'],
  grows: [1, 'up-move'],
  growing: [1, 'up-move'],
  growth: [2, 'up-move (AFINN lacks it)'],
  up: [0, 'too common to score alone ("set up"), but directs a target: "costs up 5 %"'],
  higher: [1, 'up-move'],
  gained: [2, 'up-move'],
  gains: [2, 'up-move'],
  jumped: [2, 'strong up-move'],
  surged: [3, 'strong up-move'],
  soared: [3, 'strong up-move'],
  climbed: [2, 'up-move'],
  rebounded: [2, 'recovery'],
  doubled: [2, 'strong up-move'],
  tripled: [2, 'strong up-move'],
  widened: [-1, 'a widened gap/loss is usually bad; an up-move next to a target ("loss widened")'],
  decrease: [-1, 'down-move'],
  decreased: [-2, 'down-move'],
  decreases: [-1, 'down-move'],
  decreasing: [-1, 'down-move'],
  decline: [-2, 'down-move'],
  declined: [-2, 'down-move'],
  declines: [-2, 'down-move'],
  declining: [-2, 'down-move'],
  fell: [-2, 'down-move (AFINN lacks it)'],
  fall: [-1, 'down-move'],
  falls: [-1, 'down-move'],
  falling: [-2, 'down-move'],
  dropped: [-2, 'down-move'],
  drop: [-1, 'down-move'],
  down: [0, 'too common to score alone, but directs a target: "sales down 3 %"'],
  lower: [-1, 'down-move'],
  slipped: [-1, 'mild down-move'],
  slid: [-2, 'down-move'],
  sank: [-2, 'down-move'],
  plunged: [-3, 'strong down-move'],
  plummeted: [-3, 'strong down-move'],
  tumbled: [-3, 'strong down-move'],
  slumped: [-3, 'strong down-move'],
  halved: [-2, 'strong down-move'],
  narrowed: [-1, 'down-move; "loss narrowed" becomes good news through the target rule'],
  reduced: [-1, 'down-move ("reduced its losses" is good, "reduced output" bad)'],
  reduce: [-1, 'down-move'],
  reduction: [-1, 'down-move'],
  cut: [-1, 'down-move ("cut costs" is good news, "cut output" bad)'],
  cuts: [-1, 'down-move'],
};

/**
 * Figures whose movement is news: +1 when more is good (profit, sales), -1 when more is bad
 * (loss, costs). The noun keeps its own valence when no direction word is near.
 */
export const TARGETS: ReadonlyMap<string, number> = new Map([
  ['profit', 1],
  ['profits', 1],
  ['profitability', 1],
  ['sales', 1],
  ['revenue', 1],
  ['revenues', 1],
  ['earnings', 1],
  ['income', 1],
  ['ebit', 1],
  ['ebitda', 1],
  ['margin', 1],
  ['margins', 1],
  ['output', 1],
  ['orders', 1],
  ['turnover', 1],
  ['dividend', 1],
  ['eps', 1],
  ['value', 1],
  ['price', 1],
  ['shares', 1],
  ['stock', 1],
  ['demand', 1],
  ['production', 1],
  ['volume', 1],
  ['volumes', 1],
  ['result', 1],
  ['results', 1],
  ['loss', -1],
  ['losses', -1],
  ['costs', -1],
  ['cost', -1],
  ['expenses', -1],
  ['debt', -1],
  ['debts', -1],
  ['deficit', -1],
  ['unemployment', -1],
  ['inflation', -1],
  ['layoffs', -1],
  ['risk', -1],
  ['risks', -1],
  // Harms whose fall is good news ("the vaccine reduced deaths", "crime fell").
  ['deaths', -1],
  ['fatalities', -1],
  ['casualties', -1],
  ['injuries', -1],
  ['crime', -1],
  ['emissions', -1],
  ['pollution', -1],
  ['infections', -1],
  ['poverty', -1],
  ['violence', -1],
  ['homelessness', -1],
  // Waits and bills: less is better ("latency fell by 85%", "energy bills rose again").
  ['latency', -1],
  ['downtime', -1],
  ['delays', -1],
  ['waiting', -1],
  ['bills', -1],
]);

/** News and finance vocabulary that AFINN lacks or scores for another sense. */
const NEWS_WORDS: Readonly<Record<string, Extra>> = {
  loss: [-2, 'AFINN -3 is the bereavement sense; a financial loss is clearly but less strongly bad'],
  losses: [-2, 'as "loss"'],
  profit: [2, 'kept at AFINN +2 (listed here because it is a TARGET)'],
  profitable: [2, 'business success'],
  outperform: [2, 'beat the market or peers'],
  outperformed: [2, 'beat the market or peers'],
  outperforms: [2, 'beat the market or peers'],
  upgrade: [2, 'analyst upgrade / better rating'],
  upgraded: [2, 'analyst upgrade'],
  downgrade: [-2, 'analyst downgrade / worse rating'],
  downgraded: [-2, 'analyst downgrade'],
  layoffs: [-2, 'job losses'],
  layoff: [-2, 'job loss'],
  redundancies: [-2, 'job losses (British usage)'],
  shortfall: [-2, 'missed target'],
  writedown: [-2, 'asset write-down'],
  impairment: [-2, 'asset write-down'],
  slump: [-2, 'sharp decline'],
  downturn: [-2, 'economic decline'],
  slowdown: [-1, 'weaker growth'],
  recovery: [2, 'return to growth or health'],
  record: [0, 'direction-free on its own ("a record loss", "a record profit")'],
  bankrupt: [-3, 'kept at AFINN -3'],
  insolvency: [-3, 'firm cannot pay its debts'],
  insolvent: [-3, 'firm cannot pay its debts'],
  default: [-2, 'debt default'],
  defaulted: [-2, 'debt default'],
  strike: [-1, 'labour strike (AFINN -1)'],
  weaker: [-2, 'worse performance'],
  stronger: [2, 'better performance (AFINN +2)'],
  robust: [2, 'strong results'],
  resilient: [2, 'withstood pressure'],
  expansion: [1, 'business growth'],
  expand: [1, 'business growth'],
  expanded: [1, 'business growth'],
  expanding: [1, 'business growth'],
  improved: [2, 'better (AFINN lacks the past tense)'],
  improves: [2, 'better'],
  improving: [2, 'better'],
  improvement: [2, 'better'],
  boosted: [2, 'raised (AFINN +1)'],
  lifted: [1, 'raised'],
  beat: [0, 'neutral alone ("beat him"); "beat forecasts" is handled as a phrase'],
  missed: [-2, 'missed forecasts or chances (AFINN -2)'],
  warning: [-2, 'profit warning'],
  uncertainty: [-2, 'unclear outlook'],
  volatile: [-1, 'unstable markets'],
  volatility: [-1, 'unstable markets'],
  turmoil: [-3, 'disorder'],
  fraud: [-4, 'crime'],
  lawsuit: [-2, 'legal dispute (AFINN -2)'],
  fined: [-2, 'penalty'],
  recall: [-1, 'product recall'],
  recalled: [-1, 'product recall'],
  exceeded: [2, 'beat a target'],
  surpassed: [2, 'beat a target'],
  outlook: [0, 'neutral'],
  // Security and conflict news (round 7 of real articles: "Critical flaw in popular logging
  // library lets attackers take over servers" scored +1 from "popular" alone).
  attacker: [-2, 'someone attacking (AFINN has only "attack" -1)'],
  attackers: [-2, 'as "attacker"'],
  hacker: [-2, 'criminal intruder in news usage'],
  hackers: [-2, 'as "hacker"'],
  malware: [-2, 'malicious software'],
  ransomware: [-3, 'extortion software'],
  cyberattack: [-3, 'attack on computer systems'],
  cyberattacks: [-3, 'as "cyberattack"'],
  casualties: [-2, 'as AFINN "casualty" -2'],
  wounded: [-2, 'hurt (AFINN has "injured" -2)'],
  hostage: [-2, 'captive'],
  hostages: [-2, 'captives'],
  terrorism: [-3, 'as AFINN "terrorist" -2, the act'],
  airstrike: [-2, 'bombing from the air'],
  airstrikes: [-2, 'as "airstrike"'],
  shelling: [-2, 'artillery fire'],
  bombing: [-2, 'an attack with bombs'],
  pandemic: [-2, 'as AFINN "outbreak" -2'],
  epidemic: [-2, 'as "pandemic"'],
  drought: [-2, 'lack of rain'],
  wildfire: [-2, 'destructive fire'],
  wildfires: [-2, 'as "wildfire"'],
  earthquake: [-2, 'destructive quake'],
};

/**
 * Everyday review vocabulary: words AFINN lacks or under-scores, found by counting words in the
 * UCI sentences (the tuning set; counts are "positive/negative sentences containing the word")
 * and kept only when the polarity is ordinary English usage, not a quirk of the data.
 */
const REVIEW_WORDS: Readonly<Record<string, Extra>> = {
  works: [1, 'product works (UCI 48/4); "doesn\'t work" is then negated'],
  work: [1, 'as "works" (mostly "doesn\'t work"); neutral noun sense is rare in complaints'],
  worked: [1, 'as "works"'],
  working: [1, 'as "works" ("stopped working" is a phrase below)'],
  incredible: [3, 'AFINN lacks it (UCI 12/0)'],
  agony: [-3, 'AFINN lacks it ("It is agony")'],
  agonising: [-3, 'as "agony"'],
  agonizing: [-3, 'as "agony"'],
  painless: [2, 'AFINN lacks it (a painless process)'],
  hesitation: [
    -2,
    'as AFINN "hesitate", "hesitant"; "without hesitation" is then a negated negative, not a bare negation',
  ],
  sturdy: [2, 'well made (UCI 5/0)'],
  reasonable: [1, 'reasonable prices (UCI 6/1)'],
  reasonably: [1, 'as "reasonable"'],
  attentive: [2, 'good service (UCI 6/1)'],
  believable: [1, 'convincing (UCI 5/1)'],
  slow: [-1, 'slow service, slow film (UCI 0/19)'],
  bland: [-2, 'tasteless (UCI 0/13)'],
  mediocre: [-2, 'AFINN lacks it (UCI 0/11)'],
  unfortunately: [-2, 'AFINN lacks it (UCI 0/12)'],
  sucked: [-3, 'past tense of AFINN "sucks" -3 (UCI 0/11)'],
  junk: [-3, 'AFINN lacks it (UCI 0/9)'],
  trash: [-3, 'AFINN lacks it (UCI 0/5)'],
  rubbish: [-3, 'British "trash"'],
  garbage: [-3, 'as "trash"'],
  overpriced: [-2, 'AFINN lacks it (UCI 0/6)'],
  tasteless: [-2, 'AFINN lacks it (UCI 0/5)'],
  lacked: [-2, 'AFINN has only "lack" (UCI 0/5)'],
  lacks: [-2, 'as "lacked" (UCI 1/5)'],
  lacking: [-2, 'as "lacked"'],
  broke: [-2, 'broke down; AFINN -1 (UCI 1/8)'],
  break: [-1, 'things break (UCI 0/5)'],
  cold: [-1, 'food served cold (UCI 2/8)'],
  waste: [-3, 'AFINN -1; "a waste of time/money" is a strong complaint (UCI 1/32)'],
  disappointing: [-3, 'AFINN -2; a strong complaint (UCI 0/12)'],
  disappointed: [-3, 'as "disappointing" (UCI 6/29)'],
  disappointment: [-3, 'as "disappointing" (UCI 0/11)'],
  avoid: [-2, '"avoid this place"; AFINN -1 (UCI 1/13)'],
  joke: [-1, '"a joke" of a product; AFINN +2 is the funny sense (UCI 0/6)'],
  please: [0, 'politeness marker ("please fix"), not praise; AFINN +1 (UCI 0/5)'],
  unwatchable: [-3, 'AFINN lacks it'],
  forgettable: [-2, 'AFINN lacks it'],
  flawless: [3, 'AFINN lacks it'],
};

/** Emoticons as wink-nlp tokenises them (type "emoticon"). */
const EMOTICONS: Readonly<Record<string, Extra>> = {
  ':)': [2, 'smile'],
  ':-)': [2, 'smile'],
  ':D': [3, 'laugh'],
  ':-D': [3, 'laugh'],
  ';)': [1, 'wink'],
  ':(': [-2, 'frown'],
  ':-(': [-2, 'frown'],
  ":'(": [-3, 'crying'],
  ':/': [-1, 'sceptical'],
  '<3': [3, 'heart'],
};

/**
 * Multi-word expressions, matched on the lower-cased text of two consecutive word tokens.
 * The phrase's valence replaces the valences of its words.
 */
export const PHRASES: ReadonlyMap<string, number> = new Map([
  ['weight loss', 0],
  ['hair loss', -1],
  // Round 7: sport and travel words that are no opinion in these pairs ("from the penalty
  // spot", "after the break", "a city break"), and "would like" as "want".
  ['penalty spot', 0],
  ['the break', 0],
  ['city break', 0],
  ['would like', 0],
  ['beat forecasts', 3],
  ['beat expectations', 3],
  ['beat estimates', 3],
  ['beats forecasts', 3],
  ['beats expectations', 3],
  ['beats estimates', 3],
  ['missed forecasts', -3],
  ['missed expectations', -3],
  ['missed estimates', -3],
  ['cut jobs', -2],
  ['job cuts', -2],
  ['cutting jobs', -2],
  ['profit warning', -3],
  ['must see', 3],
  ['must-see', 3],
  ['waste of', -3],
  ['no problems', 2],
  ['no complaints', 2],
  ['well done', 3],
  ['well made', 2],
  ['fell apart', -3],
  ['fall apart', -3],
  ['stopped working', -3],
  ['not working', -2],
  ['highly recommend', 4],
  ['highly recommended', 4],
  ['at least', 0],
  ['shares outstanding', 0],
  ['outstanding shares', 0],
  ['outstanding debt', 0],
  ['outstanding loans', 0],
  ['no doubt', 1],
]);

/** Negators: flip (and damp) the valence of the words in their scope. "n't" is wink's split. */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  "n't",
  'no',
  'never',
  'without',
  'nor',
  'neither',
  'cannot',
  'nothing',
  'nobody',
  'none',
  'nowhere',
  'hardly',
  'barely',
  'scarcely',
  'dont',
  'didnt',
  'doesnt',
  'isnt',
  'wasnt',
  'wont',
  'cant',
  'couldnt',
  'wouldnt',
  'aint',
]);

/**
 * Words that make a bare negation neutral: in news "terms were not disclosed" and "declined to
 * comment" are routine reporting, not complaints (general news usage, not fitted to data).
 */
export const REPORTING_WORDS: ReadonlySet<string> = new Set([
  'disclose',
  'disclosed',
  'reveal',
  'revealed',
  'comment',
  'commented',
  'specify',
  'specified',
  'elaborate',
  'say',
  'said',
  'confirm',
  'confirmed',
  'available',
  'immediately',
  'yet',
  'included',
  'include',
  'expected',
  'known',
]);

/** Intensifiers (> 1) and diminishers (< 1): multiply the next sentiment word's valence. */
export const MODIFIERS: ReadonlyMap<string, number> = new Map([
  ['very', 1.5],
  ['extremely', 1.8],
  ['really', 1.4],
  ['so', 1.4],
  ['too', 1.3],
  ['truly', 1.4],
  ['absolutely', 1.6],
  ['completely', 1.5],
  ['totally', 1.5],
  ['utterly', 1.7],
  ['highly', 1.5],
  ['incredibly', 1.7],
  ['exceptionally', 1.7],
  ['particularly', 1.3],
  ['especially', 1.3],
  ['quite', 1.2],
  ['most', 1.3],
  ['more', 1.2],
  ['super', 1.5],
  ['deeply', 1.5],
  ['sharply', 1.5],
  ['significantly', 1.4],
  ['substantially', 1.4],
  ['considerably', 1.4],
  ['strongly', 1.4],
  ['markedly', 1.4],
  ['dramatically', 1.6],
  ['greatly', 1.5],
  ['hugely', 1.6],
  ['remarkably', 1.5],
  ['thoroughly', 1.5],
  ['entirely', 1.4],
  ['seriously', 1.4],
  ['slightly', 0.5],
  ['somewhat', 0.6],
  ['marginally', 0.5],
  ['fairly', 0.8],
  ['rather', 0.8],
  ['moderately', 0.7],
  ['little', 0.6],
  // Reducers: a negative multiplier turns "fewer complaints" into mild praise and "less
  // interesting" into mild criticism.
  ['less', -0.5],
  ['fewer', -0.5],
  ['partly', 0.6],
  ['mildly', 0.6],
  ['almost', 0.7],
]);

/**
 * Verbs that do not end a negation's scope: "does not look good", "wasn't worth", "don't feel
 * great". Any other verb or noun does ("can not fix a broken system" leaves "broken" as is).
 */
export const LINKING_VERBS: ReadonlySet<string> = new Set([
  'be',
  'is',
  'are',
  'was',
  'were',
  'been',
  'being',
  'am',
  'look',
  'looks',
  'looked',
  'seem',
  'seems',
  'seemed',
  'feel',
  'feels',
  'felt',
  'sound',
  'sounds',
  'sounded',
  'taste',
  'tastes',
  'tasted',
  'get',
  'gets',
  'got',
  'become',
  'becomes',
  'became',
  'go',
  'find',
  'think',
  'say',
  'make',
  'makes',
  'made',
  'have',
  'has',
  'had',
  'do',
  'does',
  'did',
  'really',
  'even',
]);

/** Adverbs that may follow the word they modify ("fell sharply", "improved slightly"). */
export const POST_MODIFIERS: ReadonlySet<string> = new Set([
  'sharply',
  'significantly',
  'substantially',
  'considerably',
  'strongly',
  'markedly',
  'dramatically',
  'slightly',
  'marginally',
  'somewhat',
  'greatly',
  'moderately',
]);

/** Contrast words: the clause after them weighs more than the clause before. */
export const CONTRASTS: ReadonlySet<string> = new Set(['but', 'however', 'nevertheless', 'nonetheless']);

/** Concessive words: their own clause ("although it was cheap, ...") weighs less. */
export const CONCESSIVES: ReadonlySet<string> = new Set([
  'although',
  'though',
  'despite',
  'while',
  'whereas',
]);

function build(): Map<string, number> {
  const map = new Map(Object.entries((english as { labels: Record<string, number> }).labels));
  // Emoji valences from the `sentiment` package's emoji data are not added: wink-nlp types
  // emoji as non-words and the data's valences come from tweets, not articles.
  for (const table of [NEWS_NEUTRAL, DIRECTIONS, NEWS_WORDS, REVIEW_WORDS, EMOTICONS]) {
    for (const [word, [valence]] of Object.entries(table)) map.set(word, valence);
  }
  for (const negator of NEGATORS) map.delete(negator);
  return map;
}

/** Word (lower case) -> valence, AFINN-165 with the extras above applied. */
export const VALENCE: ReadonlyMap<string, number> = build();

/** Direction words whose pairing sign differs from their standalone valence. */
const DIRECTION_OVERRIDES: Readonly<Record<string, number>> = { up: 1, down: -1, widened: 1 };

/**
 * Direction words -> their valence next to a TARGET noun of polarity +1 ("up"/"down" score
 * nothing alone but still direct a target).
 */
export const DIRECTION_WORDS: ReadonlyMap<string, number> = new Map(
  Object.entries(DIRECTIONS).map(([word, [valence]]) => [word, DIRECTION_OVERRIDES[word] ?? valence]),
);
