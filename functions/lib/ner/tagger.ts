/**
 * Named-entity tagger: people, organisations, places, groups and other names.
 *
 * A two-pass averaged perceptron with hashed integer features (see `features.ts`,
 * `decoder.ts`) trained on CoNLL-2003 by `scripts/train-ner.ts`; the weights ship as
 * `model/ner.json` (see `model/MODEL_CARD.md`). Pure: no I/O, the model is a static JSON import
 * decoded lazily once per process.
 */
import { isTightHyphen } from '../token-marks.ts';
import type { NameType, Token } from '../types.ts';
import {
  decodeFirstPass as decodeFirstPass_,
  decodeSecondPass as decodeSecondPass_,
  decodeSecondPassBeam as decodeSecondPassBeam_,
  STATIC_WIDTH as STATIC_WIDTH_,
} from './decoder.ts';
import {
  applyAcronymDefinitions,
  completeNamesFromArticle,
  dropCommonNounAcronyms,
  headlineTypesFromBody,
  joinAcronymDefinitions,
  joinInitialNames,
  joinInstitutionsAcrossOf,
  joinNamesAcrossParticles,
  joinNationalOrganizations,
  PLACE_PREFIXES,
  splitNamesJoinedByAnd,
  splitTitledNames,
  tagLowerCaseNames,
  tagWireAgencies,
  trimHeadlineNamesToBody,
  typeShortNamesLikeFullNames,
  unifyNameTypes,
  WIRE_AGENCIES,
} from './document-rules.ts';
import { GAZ, prepareDocument as prepareDocument_ } from './features.ts';
import shippedModel from './model/ner.json' with { type: 'json' };
import { decodeModel, type NerModel, type SerializedModel } from './model.ts';
import { NAME_TITLES, PERSON_ONLY_TITLES, titleKey } from './titles.ts';

// Module-local copies of hot imports (transpilers may turn imported bindings into getters).
const prepareDocument = prepareDocument_;

// Module-local copies of hot imports (transpilers may turn imported bindings into getters).
const decodeFirstPass = decodeFirstPass_;
const decodeSecondPass = decodeSecondPass_;
const decodeSecondPassBeam = decodeSecondPassBeam_;
const STATIC_WIDTH = STATIC_WIDTH_;

/** One sentence of the document to tag. */
export interface TaggerSentence {
  /** Index of the paragraph holding the sentence. */
  paragraph: number;
  tokens: readonly Token[];
}

/** A name found by the tagger: tokens [start, end) of sentence `sentence`. */
export interface NameSpan {
  /** Index into the `sentences` passed to `tagNames`. */
  sentence: number;
  /** First token index (inclusive). */
  start: number;
  /** Last token index + 1 (exclusive). */
  end: number;
  type: NameType;
}

/** CoNLL type index (label order PER, ORG, LOC, MISC) to report type; MISC may become GROUP. */
const TYPE_BY_INDEX: readonly NameType[] = ['PERSON', 'ORGANIZATION', 'LOCATION', 'MISC'];
const MISC_INDEX = 3;

let defaultModel: NerModel | undefined;

/** The shipped model, decoded on first use. */
function loadDefaultModel(): NerModel {
  defaultModel ??= decodeModel(shippedModel as SerializedModel);
  return defaultModel;
}

/**
 * Is a MISC span a GROUP? CoNLL's MISC mixes nationalities and religious/political groups
 * ("German", "Muslims", "Republicans") with events, products and works ("World Cup"). A span
 * is a GROUP when every word of it is a group word: a demonym (compromise's demonyms plus the
 * language names of countries-list, which are mostly demonyms), or a religious or political
 * group word (hand-written list), in singular or plural. So "Bosnian Serbs" is a GROUP while
 * "Australian Open" and "German Cup" stay MISC.
 */
export function isGroupSpan(tokens: readonly { text: string }[], groupWords: ReadonlySet<string>): boolean {
  if (tokens.length === 0) return false;
  const known = (word: string) => groupWords.has(word) || DEMONYMS_NOT_LANGUAGES.has(word);
  for (const token of tokens) {
    const word = token.text.toLowerCase().replace(/[’']s$/, '');
    if (known(word)) continue;
    if (word.length > 3 && word.endsWith('s') && known(word.slice(0, -1))) continue;
    return false;
  }
  return true;
}

/**
 * Nationalities that are no language's name, which the model's group words (language names of
 * countries-list) lack: "British Prime Minister" gave MISC "British" beside GROUP "French".
 */
const DEMONYMS_NOT_LANGUAGES = new Set(
  'british brit swiss argentinian cypriot somali yemeni uruguayan nepalese kosovar montenegrin scot'.split(
    ' ',
  ),
);

/**
 * Tags a document with an explicit model (used by training and evaluation scripts to try models
 * that are not shipped). See `tagNames`.
 */
export function tagNamesWithModel(model: NerModel, sentences: readonly TaggerSentence[]): NameSpan[] {
  const joined = sentences.map((s) => joinHyphenatedWords(s.tokens));
  const spans = tagJoined(
    model,
    joined.map((j) => j.tokens),
  );
  // Back to the caller's token indices: joined token k covers tokens [firsts[k], firsts[k + 1]).
  for (const span of spans) {
    const { firsts } = joined[span.sentence];
    if (!firsts) continue;
    span.start = firsts[span.start];
    span.end = firsts[span.end];
  }
  // Document-level corrections (document-rules.ts), made for real articles (acronyms defined
  // in the text, titles and initials inside names, title-case headlines, repeated names):
  // CoNLL-2003 eng.testa 92.23 -> 92.27 with all of them.
  const original = sentences.map((s) => s.tokens);
  let result: NameSpan[] = dropCommonNounAcronyms(
    original,
    applyAcronymDefinitions(original, joinAcronymDefinitions(original, spans)),
  );
  result = joinInitialNames(original, splitTitledNames(original, result));
  result = unifyNameTypes(
    original,
    headlineTypesFromBody(original, trimHeadlineNamesToBody(original, result)),
  );
  result = completeNamesFromArticle(original, joinNationalOrganizations(original, result));
  result = tagLowerCaseNames(original, tagWireAgencies(original, splitNamesJoinedByAnd(original, result)));
  result = joinNamesAcrossParticles(original, joinInstitutionsAcrossOf(original, result));
  return typeShortNamesLikeFullNames(original, result);
}

/** Words that make a name into a modifier ("San Francisco-based"): the name stays apart. */
const COMPOUND_TAILS = new Set(
  'based led born owned backed made style era run funded controlled listed registered headquartered speaking related level wide bound focused oriented linked affiliated educated trained'.split(
    ' ',
  ),
);
const ALPHANUMERIC = /[\p{L}\p{N}]/u;

/**
 * Joins words written with hyphens and no spaces ("Pierre-Emile", "Heung-min", "Rolls-Royce",
 * "U.S.-led") into one token, as CoNLL-2003 (the training text) writes them: wink-nlp splits
 * them into word, "-", word, and the tagger then cut names at the hyphen ("Pierre" and "Emile
 * Højbjerg" as two people, "Son Heung" as a place). An en dash ("7–2") or a spaced hyphen is
 * not joined. The joined token takes the part of speech of its first piece (as the training
 * script gives CoNLL tokens the POS of the first wink token inside them).
 *
 * Layout: `firsts[k]` is the index in `tokens` of joined token k's first piece, and
 * `firsts[tokens.length]` (one past the last joined token) is `tokens.length`; `firsts` is
 * undefined when nothing was joined (the tokens are returned as they are).
 */
export function joinHyphenatedWords(tokens: readonly Token[]): {
  tokens: readonly Token[];
  firsts?: number[];
} {
  // Most sentences join nothing: no copy, no index map (`firsts` undefined means token k is
  // token k).
  let any = false;
  for (let h = 1; h + 1 < tokens.length && !any; h++) any = joinsAt(tokens, h);
  if (!any) return { tokens };
  const joined: Token[] = [];
  const firsts: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let last = i;
    while (last + 2 < tokens.length && joinsAt(tokens, last + 1)) last += 2;
    firsts.push(i);
    if (last === i) {
      joined.push(tokens[i]);
      continue;
    }
    let text = '';
    for (let t = i; t <= last; t++) text += tokens[t].text;
    joined.push({ text, pos: tokens[i].pos, start: tokens[i].start, end: tokens[last].end });
    i = last;
  }
  firsts.push(tokens.length);
  return { tokens: joined, firsts };
}

/** Does the hyphen token at `h` join the words either side of it (see `joinHyphenatedWords`)? */
function joinsAt(tokens: readonly Token[], h: number): boolean {
  return (
    isTightHyphen(tokens, h) &&
    ALPHANUMERIC.test(tokens[h - 1].text) &&
    ALPHANUMERIC.test(tokens[h + 1].text) &&
    !COMPOUND_TAILS.has(tokens[h + 1].text)
  );
}

function tagJoined(model: NerModel, tokenLists: readonly (readonly Token[])[]): NameSpan[] {
  const doc = prepareDocument(tokenLists, model.wordLists);
  if (doc.tokenCount === 0) return [];
  const staticScores = new Float32Array(doc.tokenCount * STATIC_WIDTH);
  const firstPass = decodeFirstPass(doc, model.staticLayer, model.firstPass, staticScores);
  const labels =
    model.beam && model.beam.width > 1
      ? decodeSecondPassBeam(doc, model.secondPass, staticScores, firstPass, model.beam)
      : decodeSecondPass(doc, model.secondPass, staticScores, firstPass);
  const spans: NameSpan[] = [];
  /** One-word names the article gives a chief executive or a board, or writes after a kind of organisation ("the think tank Autonomy"): organisations. */
  let owners: Set<string> | undefined;
  const addOwner = (word: string) => {
    owners ??= new Set();
    owners.add(word);
  };
  let documentWords: { capitalised: Set<string>; lower: Set<string> } | undefined;
  /** Whether the document is an interview's questions and answers (decided when first needed). */
  let interview: boolean | undefined;
  const words = () => {
    documentWords ??= wordsOfDocument(tokenLists);
    return documentWords;
  };
  const inInterview = () => {
    interview ??= isInterview(tokenLists);
    return interview;
  };
  for (let s = 0; s < tokenLists.length; s++) {
    const from = doc.sentenceStarts[s];
    const to = doc.sentenceStarts[s + 1];
    for (let i = from; i < to; i++) {
      const label = labels[i];
      if (label === 0 || tokenLists[s][i - from].text === ',') continue;
      // Decoding only allows I-X after B-X/I-X, so a span starts with a B label, or with the
      // I label after a comma that ended the span before.
      let end = i + 1;
      // A name does not run on across a comma ("In the U.S. Congress, A. Smith spoke" gave one
      // ORGANIZATION "Congress, A. Smith"): the span ends before it (the labels are decoded
      // left to right, so what follows the comma keeps the type it was given).
      while (
        end < to &&
        labels[end] === (label % 2 === 1 ? label + 1 : label) &&
        tokenLists[s][end - from].text !== ','
      )
        end++;
      /** Where the labelled span ended, when the name was cut short of it. */
      let labelledEnd = end;
      const typeIndex = (label - 1) >> 1;
      let type = TYPE_BY_INDEX[typeIndex];
      // "GreenGrid Energy, Inc.": the company's legal form after the comma is part of its name
      // (it came out as MISC "Inc." on its own).
      if (
        end + 1 < to &&
        tokenLists[s][end - from].text === ',' &&
        CORPORATE_FORM.test(tokenLists[s][end + 1 - from].text)
      ) {
        end += 2;
        type = 'ORGANIZATION';
      }
      // A "person" with a chief executive, a board or shareholders is an organisation ("Ukrenergo's
      // chief executive" gave PERSON "Ukrenergo").
      if (
        (type === 'PERSON' || type === 'ORGANIZATION') &&
        end + 1 < to &&
        POSSESSIVE.test(tokenLists[s][end - from].text) &&
        (ORGANIZATION_POSSESSIONS.test(tokenLists[s][end + 1 - from].text) ||
          (tokenLists[s][end + 1 - from].text === 'chief' &&
            end + 2 < to &&
            COMPANY_CHIEFS.test(tokenLists[s][end + 2 - from].text)))
      ) {
        type = 'ORGANIZATION';
        // ... and so is every one-word mention of it (below).
        if (end - i === 1) addOwner(tokenLists[s][i - from].text);
      }
      // A "person" whose last word names a kind of organisation is one ("Khosla Ventures").
      if (type === 'PERSON' && end - i > 1 && ORGANIZATION_HEADS.has(tokenLists[s][end - 1 - from].text))
        type = 'ORGANIZATION';
      // A "place" ending in Police, Orchestra, a team word or a news organisation's word is the
      // force, the orchestra, the club or the agency ("Victoria Police", "Czech Philharmonic",
      // "Riverside United", "Associated Press", "Canberra Gazette"). (The organisation
      // heads above, such as University or Council, cost 0.19 on eng.testa as LOCATION ->
      // ORGANIZATION.)
      if (
        type === 'LOCATION' &&
        end - i > 1 &&
        LOCATION_TO_ORGANIZATION_HEADS.has(tokenLists[s][end - 1 - from].text)
      )
        type = 'ORGANIZATION';
      // A planet is a place ("48 light years from Earth" gave ORGANIZATION "Earth").
      if (end - i === 1 && PLANETS.has(tokenLists[s][i - from].text)) type = 'LOCATION';
      // A country's name alone is the place ("in the US" gave MISC "US").
      if (
        type === 'MISC' &&
        end - i === 1 &&
        ((doc.gazetteer[i] & (1 << GAZ.country)) !== 0 ||
          COUNTRY_ABBREVIATION.test(tokenLists[s][i - from].text))
      )
        type = 'LOCATION';
      // ... and so is a "place" named "<X> School of <Y>" ("Yale School of Medicine").
      if (type === 'LOCATION' && end - i > 3) {
        for (let k = i + 1 - from; k < end - 2 - from; k++) {
          if (INSTITUTION_HEADS.has(tokenLists[s][k].text) && tokenLists[s][k + 1].text === 'of') {
            type = 'ORGANIZATION';
            break;
          }
        }
      }
      if (
        typeIndex === MISC_INDEX &&
        isGroupSpan(tokenLists[s].slice(i - from, end - from), model.groupWords)
      ) {
        type = 'GROUP';
      }
      let start = i - from;
      // A name after (or starting with) a personal title is a person's ("Sen. Elizabeth Warren
      // (D-Mass.)" was a LOCATION, "Mayor Linda Brooks" an ORGANIZATION).
      if (
        type !== 'PERSON' &&
        ((start > 0 && isPersonalTitle(tokenLists[s][start - 1].text)) ||
          (end - from - start > 1 && isPersonalTitle(tokenLists[s][start].text)))
      )
        type = 'PERSON';
      // A name after a role written in lower case is a person's ("Lakers coach JJ Redick",
      // "the economist Jan Hatzius").
      if (
        type !== 'PERSON' &&
        start > 0 &&
        end - from - start >= 2 &&
        end - from - start <= 3 &&
        LOWER_CASE_ROLES.has(tokenLists[s][start - 1].text)
      )
        type = 'PERSON';
      // ... and one after a kind of organisation written in lower case is that organisation's
      // ("the venture firm Andreessen Horowitz", "the German charity Pro Asyl" were PERSON,
      // "the Danish drugmaker Novo Nordisk" a LOCATION).
      if (
        type !== 'ORGANIZATION' &&
        start > 0 &&
        end - from - start <= 3 &&
        LOWER_CASE_ORGANIZATION_KINDS.has(tokenLists[s][start - 1].text)
      ) {
        type = 'ORGANIZATION';
        // ... and so is every one-word mention of it (below): "the think tank Autonomy" and,
        // later, "Autonomy, 'The results are in'".
        if (end - from - start === 1) addOwner(tokenLists[s][start].text);
      }
      // ... and so is one after a lower-case kind of organisation in apposition ("Ofwat, the
      // regulator, has been" gave PERSON "Ofwat"; "Nvidia, the chipmaker, said").
      if ((type === 'PERSON' || type === 'LOCATION') && kindInApposition(tokenLists[s], end - from))
        type = 'ORGANIZATION';
      // ... and one where someone works ("an analyst at Bernstein in London" gave LOCATION
      // "Bernstein", "ocean campaigner at Greenpeace Germany" LOCATION), unless it is a country
      // or region of the word lists or owns what follows ("a doctor at Kyiv's hospital"). Cities
      // are not excluded: the lists hold thousands of small towns named like firms ("Bernstein").
      if (
        (type === 'PERSON' || type === 'LOCATION') &&
        start > 1 &&
        tokenLists[s][start - 1].text === 'at' &&
        WORKERS.has(tokenLists[s][start - 2].text) &&
        !(end - from - start === 1 && (doc.gazetteer[from + start] & COUNTRY_OR_REGION) !== 0) &&
        !(end < to && POSSESSIVE.test(tokenLists[s][end - from].text))
      )
        type = 'ORGANIZATION';
      // A name credited in a wire story's last line is a person's ("(Reporting by Daniel Okafor;
      // Editing by Sonali Paul)" gave ORGANIZATION "Sonali Paul").
      // Not an agency credited there ("Additional reporting by Reuters and the Associated Press").
      if (
        type !== 'PERSON' &&
        end - from - start <= 3 &&
        creditedAfter(tokenLists[s], start) &&
        !(
          end - from - start === 1 &&
          ((doc.gazetteer[from + start] & (1 << GAZ.organization)) !== 0 ||
            WIRE_AGENCIES.has(tokenLists[s][start].text))
        ) &&
        !ORGANIZATION_HEADS.has(tokenLists[s][end - from - 1].text) &&
        !LOCATION_TO_ORGANIZATION_HEADS.has(tokenLists[s][end - from - 1].text)
      )
        type = 'PERSON';
      // ... and so is a name in a list after a plural kind of organisation ("online retailers
      // such as Temu and Shein" gave LOCATION "Temu" and PERSON "Shein").
      if (type !== 'ORGANIZATION' && listedAfterOrganizationKind(tokenLists[s], start)) type = 'ORGANIZATION';
      if (type === 'PERSON') start = skipLeadingTitles(tokenLists[s], start, end - from);
      // Members of a party are not its name ("some Labour MPs" gave ORGANIZATION "Labour MPs").
      if (
        end - from - start >= 2 &&
        /^(?:MPs|MEPs|MSPs|MLAs|MKs)$/.test(tokenLists[s][end - from - 1].text)
      ) {
        end--;
        labelledEnd = end + 1;
      }
      // An office "of" a place is the place ("The Mayor of London, Sir Sadiq Khan" left PERSON
      // "of London" once the title was taken off).
      if (type === 'PERSON' && tokenLists[s][start].text === 'of' && end - from - start > 1) {
        start++;
        type = 'LOCATION';
      }
      // A byline's desk before a lower-case job is not the person's name ("Simon Jack Business
      // editor" gave PERSON "Simon Jack Business").
      if (
        type === 'PERSON' &&
        end - from - start >= 3 &&
        end < to &&
        LOWER_CASE_NEWSROOM_ROLES.has(tokenLists[s][end - from].text)
      ) {
        end--;
        // The desk is no name of its own either: decoding goes on after it.
        labelledEnd = end + 1;
      }
      // A letter written onto a number is a model's suffix, not an initial ("the 737 MAX and
      // 777X. Boeing said" gave PERSON "X. Boeing"; analyze-text.ts does not add it back).
      if (
        start > 0 &&
        end - from - start > 1 &&
        tokenLists[s][start - 1].end === tokenLists[s][start].start &&
        /\d$/.test(tokenLists[s][start - 1].text)
      )
        start++;
      // A one-word "person" that the word lists know only as an organisation is one ("Boeing
      // said deliveries would resume" gave PERSON "Boeing").
      if (
        type === 'PERSON' &&
        end - from - start === 1 &&
        (doc.gazetteer[from + start] & ORGANIZATION_ONLY_CLASSES) === 1 << GAZ.organization
      )
        type = 'ORGANIZATION';
      const tokens = tokenLists[s];
      // A name ending in the kind of thing it names is that thing's: an instrument or an award
      // ("James Webb Space Telescope" and "Darwin Medal" came out as PERSON).
      if (type !== 'MISC' && end - from - start > 1 && THING_HEADS.has(tokens[end - from - 1].text))
        type = 'MISC';
      // A named storm, comet or military operation is an event or a thing ("Storm Darragh" gave
      // PERSON "Darragh", "Comet Ellison-Ito" PERSON; CoNLL types the name after "Hurricane" MISC).
      if (
        (start > 0 && STORM_WORDS.has(tokens[start - 1].text)) ||
        (end - from - start > 1 && STORM_WORDS.has(tokens[start].text))
      )
        type = 'MISC';
      // A place of the lists before "-based" is where something is based ("the Indianapolis-based
      // company" gave ORGANIZATION "Indianapolis").
      if (
        type !== 'LOCATION' &&
        end + 1 < to &&
        tokens[end - from].text === '-' &&
        /^(?:based|headquartered)$/.test(tokens[end + 1 - from].text) &&
        (doc.gazetteer[end - 1] & PLACE_CLASSES) !== 0
      )
        type = 'LOCATION';
      // A name before "region", "province", "oblast"... is the place ("in the eastern Donetsk
      // region" gave ORGANIZATION "Donetsk"); not an adjective ("the Basque region" stays MISC).
      if (
        (type === 'ORGANIZATION' || type === 'PERSON') &&
        end < to &&
        PLACE_KINDS.has(tokens[end - from].text)
      )
        type = 'LOCATION';
      // Corrections from the word lists and the words around the span (measured on eng.testa;
      // see the model card's round 5).
      if (
        type !== 'PERSON' &&
        end - from - start >= 2 &&
        looksLikePersonalName(doc.gazetteer, from + start, end)
      )
        type = 'PERSON';
      // The place word before a name the model left out is part of it ("Lake Baikal is the
      // deepest lake" gave MISC "Baikal").
      if (
        start > 0 &&
        PLACE_PREFIXES.has(tokens[start - 1].text) &&
        tokens[start - 1].end < tokens[start].start
      ) {
        start--;
        type = 'LOCATION';
      }
      if (
        type !== 'LOCATION' &&
        end - from - start >= 2 &&
        (PLACE_HEADS.has(tokens[end - from - 1].text) ||
          (PLACE_PREFIXES.has(tokens[start].text) && !ORGANIZATION_HEADS.has(tokens[end - from - 1].text)))
      )
        type = 'LOCATION';
      // A "place" with an institution's word before its last is the institution ("Imperial
      // College London", "King's College Hospital").
      if (type === 'LOCATION' && end - from - start >= 3) {
        for (let k = start + 1; k < end - from - 1; k++) {
          if (INSTITUTION_HEADS.has(tokens[k].text)) {
            type = 'ORGANIZATION';
            break;
          }
        }
      }
      if (
        type === 'ORGANIZATION' &&
        end < to &&
        (doc.gazetteer[end - 1] & PLACE_CLASSES) !== 0 &&
        /^\p{Lu}/u.test(tokens[end - from].text) &&
        PLACE_OFFICES.has(titleKey(tokens[end - from].text))
      )
        type = 'LOCATION';
      // An interview's "Q." or "A:" opening the line is no initial, and the one-word answer or
      // question word after it is no name ("Q. Will taxpayers pay?" gave PERSON "Q. Will", "A.
      // No." PERSON "A. No.", "A: Heat." ORGANIZATION "Heat").
      const marker = interviewMarkerEnd(tokens);
      if (marker > 0 && start <= marker && end - from > marker && inInterview()) {
        start = marker;
        const after = end < to ? tokens[end - from].text : '';
        if (
          end - from - start === 1 &&
          (tokens[start].pos !== 'PROPN' || /\.$/.test(tokens[start].text) || /^[.?!,]$/.test(after))
        ) {
          i = Math.max(end, labelledEnd) - 1;
          continue;
        }
      }
      if (
        end - from - start === 1 &&
        (start === 0 || OPENING_QUOTES.has(tokens[start - 1].text)) &&
        start + 1 < tokens.length &&
        /^\p{Ll}/u.test(tokens[start + 1].text) &&
        (isCommonWordOnly(doc.gazetteer[from + start], tokens[start]) ||
          isPluralSubject(doc.gazetteer[from + start], tokens[start], tokens[start + 1]) ||
          (/^\p{Lu}\p{Ll}+$/u.test(tokens[start].text) &&
            words().lower.has(tokens[start].text.toLowerCase()))) &&
        !words().capitalised.has(tokens[start].text)
      ) {
        i = Math.max(end, labelledEnd) - 1;
        continue;
      }
      // A name has at least one letter: a lone "&" or "·" tagged inside a byline is noise. A unit
      // after a number is no name ("1.2 GW", "4,700 mAh"), nor is a job title ("CTO") or the
      // acronym of a common noun ("AI").
      // Nor is a newsroom job in a byline ("By Hannah Devlin, Science Correspondent").
      const notAName =
        (end - from - start === 1 &&
          ((start > 0 &&
            UNIT.test(tokenLists[s][start].text) &&
            /^\d[\d,.]*$/.test(tokenLists[s][start - 1].text)) ||
            JOB_ACRONYM.test(tokenLists[s][start].text) ||
            COMMON_ACRONYM.test(tokenLists[s][start].text))) ||
        (NEWSROOM_ROLES.has(tokenLists[s][end - from - 1].text) &&
          (type === 'PERSON' || start === 0 || tokenLists[s][start - 1].text === ',')) ||
        // ... nor a "Head of Communications" under a press contact's name, nor what such a title
        // runs on to ("Head of Legal and Democratic Services" gave ORGANIZATION "Democratic
        // Services"), nor an office "for" a brief ("Cabinet Member for Housing").
        (end - from - start >= 3 &&
          tokenLists[s][start].text === 'Head' &&
          tokenLists[s][start + 1].text === 'of') ||
        inHeadOfTitle(tokenLists[s], start) ||
        officeForBrief(tokenLists[s], start, end - from) ||
        // ... nor a piece of an upper-case identifier ("LOGSTREAM_DISABLE_LOOKUPS=true" gave
        // ORGANIZATION "LOGSTREAM"; a handle such as "@GAA_ASU" keeps its names).
        (end - from - start === 1 &&
          /^[A-Z][A-Z0-9]+$/.test(tokens[start].text) &&
          inIdentifier(tokens, start));
      // A name the text gives as another's short form is of its type ("the California
      // Department of Forestry and Fire Protection, known as Cal Fire" gave PERSON "Cal Fire").
      const named = spans[spans.length - 1];
      if (named !== undefined && named.sentence === s && namedAs(tokens, named.end, start)) type = named.type;
      if (!notAName && hasLetter(tokenLists[s], start, end - from)) {
        // "the 5th U.S. Circuit Court of Appeals in New Orleans": the court, then the place.
        const split =
          type === 'ORGANIZATION' && (doc.gazetteer[end - 1] & CITY_OR_NAME_PART) !== 0
            ? placeAfterIn(tokens, start, end - from)
            : -1;
        if (split > 0) {
          spans.push({ sentence: s, start, end: split, type });
          spans.push({ sentence: s, start: split + 1, end: end - from, type: 'LOCATION' });
        } else spans.push({ sentence: s, start, end: end - from, type });
      }
      i = Math.max(end, labelledEnd) - 1;
    }
  }
  if (owners) {
    for (const span of spans) {
      if (
        span.type !== 'ORGANIZATION' &&
        span.end - span.start === 1 &&
        owners.has(tokenLists[span.sentence][span.start].text)
      )
        span.type = 'ORGANIZATION';
    }
  }
  return spans;
}

/** Word-list classes (features.ts GAZ) of places. */
const PLACE_CLASSES = (1 << GAZ.city) | (1 << GAZ.country) | (1 << GAZ.region);
const COUNTRY_OR_REGION = (1 << GAZ.country) | (1 << GAZ.region);
/** ... of names, against which a common word is only a word. */
const NAME_CLASSES =
  PLACE_CLASSES |
  (1 << GAZ.firstName) |
  (1 << GAZ.lastName) |
  (1 << GAZ.person) |
  (1 << GAZ.organization) |
  (1 << GAZ.sportsTeam) |
  (1 << GAZ.demonym);
/** ... of places and organisations, and the words that make one. */
const PLACE_OR_ORGANIZATION_CLASSES =
  PLACE_CLASSES | (1 << GAZ.organization) | (1 << GAZ.sportsTeam) | (1 << GAZ.orgWord) | (1 << GAZ.placeWord);
/** A city's name, or a word of a multi-word name on the lists ("New Orleans"). */
const CITY_OR_NAME_PART = (1 << GAZ.city) | (1 << GAZ.multiWordPart);

/**
 * A plural common noun opening a sentence as the subject of its verb ("Shares rose 7%",
 * "Analysts said"), on the common-word list and on no list of names: capitalised for its
 * position ("Shares" was an ORGANIZATION; wink tags it PROPN there, so either noun tag counts).
 */
function isPluralSubject(
  mask: number,
  token: { text: string; pos: string },
  next: { text: string; pos: string },
): boolean {
  return (
    (token.pos === 'NOUN' || token.pos === 'PROPN') &&
    /^\p{Lu}\p{Ll}+s$/u.test(token.text) &&
    (mask & (1 << GAZ.commonWord)) !== 0 &&
    (mask & NAME_CLASSES) === 0 &&
    (next.pos === 'VERB' || next.pos === 'AUX')
  );
}

/**
 * A capitalised word that opens a sentence and is on the common-word list only ("Born in
 * Enugu, ...", "Civil rights groups welcomed ...") is capitalised for its position, not a name.
 */
function isCommonWordOnly(mask: number, token: { text: string; pos: string }): boolean {
  return (
    !NAME_POS.has(token.pos) &&
    (mask & (1 << GAZ.commonWord)) !== 0 &&
    (mask & NAME_CLASSES) === 0 &&
    /^\p{Lu}\p{Ll}+$/u.test(token.text)
  );
}

/**
 * The article's own evidence about its words: those capitalised inside sentences (not first, not
 * after an opening quote or a sentence end: "Dole team seeking ..." opens a sentence, "Senator
 * Dole said" is inside one), and those written in lower case ("shares" in the body makes the
 * "Shares" opening a sentence a common word).
 */
function wordsOfDocument(tokenLists: readonly (readonly { text: string }[])[]): {
  capitalised: Set<string>;
  lower: Set<string>;
} {
  const capitalised = new Set<string>();
  const lower = new Set<string>();
  for (const tokens of tokenLists) {
    for (let t = 0; t < tokens.length; t++) {
      const text = tokens[t].text;
      if (/^\p{Ll}+$/u.test(text)) lower.add(text);
      else if (
        t > 0 &&
        /^\p{Lu}/u.test(text) &&
        !OPENING_QUOTES.has(tokens[t - 1].text) &&
        !/^[.!?:]$/.test(tokens[t - 1].text)
      )
        capitalised.add(text);
    }
  }
  return { capitalised, lower };
}

/** Parts of speech a name may have (wink-nlp's universal tags). */
const NAME_POS = new Set(['PROPN', 'NOUN', 'X', 'NUM', 'SYM']);

/**
 * A span of two or three words that starts with a first name and ends with a surname, neither
 * list saying the last word is a place or organisation, is a person ("Sofia Delgado, executive
 * director" came out as a LOCATION: Sofia is also a city).
 */
function looksLikePersonalName(gazetteer: Uint16Array, first: number, end: number): boolean {
  if (end - first > 3) return false;
  const last = gazetteer[end - 1];
  return (
    (gazetteer[first] & (1 << GAZ.firstName)) !== 0 &&
    (last & (1 << GAZ.lastName)) !== 0 &&
    (last & PLACE_OR_ORGANIZATION_CLASSES) === 0
  );
}

/** Last words of names of instruments, vehicles and awards (MISC). */
const THING_HEADS = new Set([
  'Telescope',
  'Instrument',
  'Rover',
  'Spacecraft',
  'Probe',
  'Medal',
  'Prize',
  'Award',
  'Awards',
  'Trophy',
]);

/** Roles written in lower case before a person's name (not words that also precede places or teams). */
const LOWER_CASE_ROLES = new Set(
  (
    'coach manager chairman chairwoman spokesman spokeswoman spokesperson analyst economist professor ' +
    'striker midfielder defender goalkeeper quarterback pitcher actor actress singer rapper author novelist ' +
    'director founder co-founder chief executive ceo cfo chancellor minister secretary senator lawyer attorney ' +
    'researcher scientist astronaut designer artist photographer chef journalist reporter columnist ' +
    'historian activist campaigner president vice-president premier'
  ).split(' '),
);

/** Kinds of organisation written in lower case before one's name. */
const LOWER_CASE_ORGANIZATION_KINDS = new Set(
  (
    'firm company charity group bank broker agency newspaper broadcaster carmaker automaker chipmaker drugmaker retailer insurer ' +
    'airline lender publisher manufacturer startup start-up nonprofit non-profit watchdog regulator ' +
    'consultancy fund conglomerate supermarket chain brewer label studio association federation ' +
    'union organisation organization institute foundation lobby alliance coalition tank maker'
  ).split(' '),
);

/** Plural kinds of organisation that introduce a list of them ("retailers such as ..."). */
const ORGANIZATION_KINDS_PLURAL = new Set(
  (
    'firms companies charities banks brokers agencies newspapers broadcasters carmakers automakers ' +
    'chipmakers drugmakers retailers insurers airlines lenders publishers manufacturers startups ' +
    'start-ups nonprofits watchdogs regulators consultancies funds conglomerates supermarkets chains ' +
    'brewers labels studios brands platforms giants rivals competitors outlets apps marketplaces ' +
    'miners operators clubs universities customers clients suppliers partners sponsors'
  ).split(' '),
);

/** Most tokens of a list walked back over to find what introduces it. */
const MAX_LIST_TOKENS = 12;
/** Tokens of a list of organisations ("Temu and Shein", "Apple, Google or Meta"). */
const ORGANIZATION_LIST_MEMBER = /^(?:,|and|or|&|\p{Lu}.*)$/u;
/** Tokens of a list of credited people ("Daniel Okafor and Mei Lin"). */
const CREDITED_LIST_MEMBER = /^(?:,|and|&|\p{Lu}.*)$/u;

/**
 * The token before the list that the name at token `start` belongs to: walks back over the
 * list's tokens (`member`) for at most {@link MAX_LIST_TOKENS}.
 */
function beforeList(tokens: readonly { text: string }[], start: number, member: RegExp): number {
  let k = start - 1;
  const stop = Math.max(0, start - MAX_LIST_TOKENS);
  while (k > stop && member.test(tokens[k].text)) k--;
  return k;
}

/**
 * Is the name at token `start` in a list introduced by a plural kind of organisation: "retailers
 * such as Temu and Shein", "tech giants, including Apple, Google and Meta", "banks like HSBC"?
 * Walks back over the list's capitalised words, commas and "and"/"or".
 */
function listedAfterOrganizationKind(tokens: readonly { text: string }[], start: number): boolean {
  const k = beforeList(tokens, start, ORGANIZATION_LIST_MEMBER);
  let kind: number;
  if (tokens[k]?.text === 'as' && tokens[k - 1]?.text === 'such') kind = k - 2;
  else if (tokens[k]?.text === 'including' || tokens[k]?.text === 'like') kind = k - 1;
  else return false;
  if (tokens[kind]?.text === ',') kind--;
  return kind >= 0 && ORGANIZATION_KINDS_PLURAL.has(tokens[kind].text);
}

/** Lower-case jobs of people who work at an organisation ("an analyst at Bernstein"). */
const WORKERS = new Set(
  (
    'analyst analysts economist economists strategist strategists researcher researchers scientist scientists ' +
    'engineer engineers campaigner campaigners professor lecturer fellow partner director manager executive ' +
    'executives official officials spokesman spokeswoman spokesperson employee employees staffer trader ' +
    'traders banker bankers consultant lawyer lawyers investor chairman chairwoman'
  ).split(' '),
);

/** Tokens a wire story's credit line puts before the credited names ("Editing by", "Writing by"). */
const CREDITS =
  /^(?:[Rr]eporting|[Ee]diting|[Ww]riting|[Cc]ompiled|[Ee]dited|[Ww]ritten|[Pp]roduced|[Ff]act-checked)$/;

/**
 * Is the name at token `start` credited in a wire story's last line ("(Reporting by Daniel Okafor
 * and Mei Lin; Editing by Sonali Paul)")? Walks back over the credited names, commas and "and"
 * to "<credit> by".
 */
function creditedAfter(tokens: readonly { text: string }[], start: number): boolean {
  const k = beforeList(tokens, start, CREDITED_LIST_MEMBER);
  return k > 0 && tokens[k].text === 'by' && CREDITS.test(tokens[k - 1].text);
}

/** Articles that open an apposition ("Ofwat, the regulator,"). */
const APPOSITION_ARTICLES = new Set(['the', 'a', 'an', 'The', 'A', 'An']);
/** Tokens that may end an apposition's noun phrase. */
const APPOSITION_ENDS = new Set([',', '.', ';', ')', '-', '\u2013', '\u2014', 'that', 'which']);
/** Most words between the article and the kind of organisation ("the UK's biggest water company"). */
const MAX_APPOSITION_WORDS = 5;

/**
 * Does an apposition naming a kind of organisation follow the name that ends before token
 * `end`: ", the regulator,", ", a Swiss bank,", ", the country's biggest lender."? The kind must
 * end the phrase ("Smith, the company's chief executive" is a person).
 */
function kindInApposition(tokens: readonly { text: string }[], end: number): boolean {
  if (end + 2 >= tokens.length || tokens[end].text !== ',' || !APPOSITION_ARTICLES.has(tokens[end + 1].text))
    return false;
  const last = Math.min(tokens.length - 1, end + 2 + MAX_APPOSITION_WORDS);
  for (let k = end + 2; k <= last; k++) {
    const text = tokens[k].text;
    if (LOWER_CASE_ORGANIZATION_KINDS.has(text))
      return k + 1 === tokens.length || APPOSITION_ENDS.has(tokens[k + 1].text);
    if (APPOSITION_ENDS.has(text)) return false;
  }
  return false;
}

/** Offices held for a brief: "Cabinet Member for Housing", "Minister for Europe", "Commissioner for Human Rights". */
const BRIEF_OFFICES = new Set([
  'Member',
  'Minister',
  'Secretary',
  'Commissioner',
  'Spokesperson',
  'Spokesman',
  'Spokeswoman',
  'Champion',
  'Tsar',
  'Czar',
]);

/** Is the span [start, end) an office held for a brief ("Cabinet Member for Housing")? */
function officeForBrief(tokens: readonly { text: string }[], start: number, end: number): boolean {
  for (let k = start; k + 1 < end; k++)
    if (BRIEF_OFFICES.has(tokens[k].text) && tokens[k + 1].text === 'for') return true;
  return false;
}

/**
 * Is the name at token `start` part of a job title that opens its line ("Head of Legal and
 * Democratic Services" under a signature)? Not once "at" or a comma has ended the title ("Head
 * of Communications at Acme").
 */
function inHeadOfTitle(tokens: readonly { text: string }[], start: number): boolean {
  if (start < 2 || tokens[0].text !== 'Head' || tokens[1].text !== 'of') return false;
  for (let k = 2; k < start; k++) if (tokens[k].text === 'at' || tokens[k].text === ',') return false;
  return true;
}

/**
 * Is token `t` part of an identifier of three or more pieces joined by underscores, written
 * without spaces ("LOGSTREAM_DISABLE_LOOKUPS")?
 */
function inIdentifier(tokens: readonly { text: string; start: number; end: number }[], t: number): boolean {
  let first = t;
  while (first > 0 && tokens[first - 1].end === tokens[first].start) first--;
  let last = t;
  while (last + 1 < tokens.length && tokens[last].end === tokens[last + 1].start) last++;
  let underscores = 0;
  for (let k = first; k <= last; k++) if (tokens[k].text === '_') underscores++;
  return underscores >= 2;
}

/** Words between a name and "known as" ("X, also known as Y", "X, better known as Y"). */
const KNOWN_AS_FILLERS = new Set([',', 'also', 'better', 'widely', 'commonly', 'locally', 'popularly']);

/** Is the name at `start` given as another name for the one ending at `end`: "X, (also) known as Y"? */
function namedAs(tokens: readonly { text: string }[], end: number, start: number): boolean {
  if (start < end + 2 || tokens[start - 1].text !== 'as' || tokens[start - 2].text !== 'known') return false;
  for (let k = end; k < start - 2; k++) if (!KNOWN_AS_FILLERS.has(tokens[k].text)) return false;
  return true;
}

/**
 * Is the document written as questions and answers: sentences opening with "Q." or "Q:" and
 * others with "A." or "A:"? (Only then is an opening "A." a marker, not an initial: CoNLL's
 * scorecards open lines with "A. Stewart".)
 */
function isInterview(sentences: readonly (readonly { text: string }[])[]): boolean {
  let questions = 0;
  let answers = 0;
  for (const tokens of sentences) {
    const end = interviewMarkerEnd(tokens);
    if (end === 0) continue;
    if (tokens[0].text.startsWith('Q')) questions++;
    else answers++;
    if (questions >= 1 && answers >= 1) return true;
  }
  return false;
}

/**
 * Where an interview's question or answer marker opening the sentence ends: 1 after "Q." or
 * "A.", 2 after "Q :" or "A :" (wink splits the colon off), else 0.
 */
function interviewMarkerEnd(tokens: readonly { text: string }[]): number {
  if (tokens.length < 2) return 0;
  const first = tokens[0].text;
  if (first === 'Q.' || first === 'A.') return 1;
  if ((first === 'Q' || first === 'A') && tokens[1].text === ':') return 2;
  return 0;
}

/** Words before the name of a storm, a comet or a military operation. */
const STORM_WORDS = new Set(['Storm', 'Hurricane', 'Typhoon', 'Cyclone', 'Comet', 'Operation']);

/** Kinds of place written in lower case after a place's name ("the Donetsk region"). */
const PLACE_KINDS = new Set(
  'region province oblast prefecture governorate district county municipality canton raion'.split(' '),
);

/** Last words of place and venue names ("Great Barrier Reef", "Etihad Stadium", "Mariana Trench"). */
const PLACE_HEADS = new Set(
  (
    'Stadium Arena Airport Reef River Lake Island Islands Mountains Mountain Bay Sea Ocean Valley Canyon Desert ' +
    'Strait Peninsula Gulf Square Trench Glacier Volcano Falls Basin Archipelago Plateau Lagoon Fjord Estuary'
  ).split(' '),
);

/**
 * Offices held for a place: a place's name tagged as an organisation before one is the place
 * ("Texas Attorney General ..."; not "Federal Reserve Governor ...": only names on the place
 * lists).
 */
const PLACE_OFFICES = new Set('attorney governor gov mayor senator sen lieutenant lt'.split(' '));

const OPENING_QUOTES = new Set(['"', '\u201c', "'", '\u2018', '(']);

/**
 * Where "in" divides an organisation's span from the place after it ("Court of Appeals in New
 * Orleans"): the index of "in" when one to three capitalised words follow it to the span's
 * end, else -1. The caller asks only when the span ends with a city's name (or a word of a
 * multi-word name on the lists): a country or region may be part of the name ("Organisation for Security and Cooperation in Europe").
 */
function placeAfterIn(tokens: readonly { text: string }[], start: number, end: number): number {
  for (let t = end - 2; t > start && t >= end - 4; t--) {
    if (tokens[t].text !== 'in') continue;
    for (let k = t + 1; k < end; k++) if (!/^\p{Lu}/u.test(tokens[k].text)) return -1;
    return t;
  }
  return -1;
}

/** Legal forms of companies written after a comma ("Apple, Inc.", "Acme, Ltd."). */
const CORPORATE_FORM =
  /^(?:Inc|Ltd|LLC|L\.L\.C|Co|Corp|PLC|plc|AG|SA|S\.A|N\.V|NV|GmbH|LLP|LP|Pty|Limited|Incorporated)\.?$/;

/**
 * Job titles written as acronyms ("our CTO, Marcus Webb" gave ORGANIZATION "CTO"; "the MP for
 * York Central" an ORGANIZATION "MP").
 */
const JOB_ACRONYM = /^(?:CEO|CFO|CTO|COO|CIO|CMO|CISO|CPO|CRO|SVP|EVP|MPs?|MEPs?|MSPs?)$/;

/**
 * Acronyms of common nouns, which the model reads as organisations in today's news ("AI" gave
 * ORGANIZATION in "the next wave of AI infrastructure"). Alone only: "Stability AI" stays a name.
 */
const COMMON_ACRONYM =
  /^(?:AI|AGI|LLMs?|GPUs?|CPUs?|EVs?|SUVs?|PCs?|IPOs?|GDP|CPI|VAT|ESG|APIs?|CSV|PDFs?|JSON|XML|HTML|HTTPS?|URLs?|SQL|SDKs?|RAM|SSDs?|USB|VPNs?|SMS)$/;

/** The possessive ending as wink-nlp splits it off a name. */
const POSSESSIVE = /^['’]s$/;

/**
 * What only an organisation has, after its name's possessive ("Ukrenergo's board"; a person
 * has a spokesman, staff, shares and employees too, so those are not here).
 */
const ORGANIZATION_POSSESSIONS =
  /^(?:CEO|CFO|COO|CTO|chairman|chairwoman|board|shareholders|subsidiary|subsidiaries|headquarters)$/;
/** "<name>'s chief executive": a company's chief ("Trump's chief of staff" is a person's). */
const COMPANY_CHIEFS =
  /^(?:executive|financial|operating|technology|technical|information|marketing|economist)$/;

/** Word-list classes of an organisation's name and of people's names. */
const ORGANIZATION_ONLY_CLASSES =
  (1 << GAZ.organization) | (1 << GAZ.firstName) | (1 << GAZ.lastName) | (1 << GAZ.person);

/** Planets, places in CoNLL's and the cloud APIs' sense ("Mercury" is left out: also an element and a name). */
const PLANETS = new Set(['Earth', 'Mars', 'Venus', 'Jupiter', 'Saturn', 'Neptune', 'Uranus', 'Pluto']);

/** Countries written as abbreviations, which the word lists do not hold. */
const COUNTRY_ABBREVIATION = /^(?:US|USA|UK|UAE|U\.S\.|U\.K\.|U\.S\.A\.)$/;

/** Institutions named "<X> School of <Y>" ("Yale School of Medicine", "London School of Economics"). */
const INSTITUTION_HEADS = new Set([
  'School',
  'University',
  'College',
  'Institute',
  'Academy',
  'Faculty',
  'Department',
]);

/** Newsroom jobs written in lower case after the desk ("Business editor", "Health correspondent"). */
const LOWER_CASE_NEWSROOM_ROLES = new Set(['editor', 'correspondent', 'reporter', 'writer', 'columnist']);

/** Newsroom jobs, the last word of a byline's title ("Science Correspondent", "Political Editor"). */
const NEWSROOM_ROLES = new Set(['Correspondent', 'Editor', 'Reporter', 'Writer', 'Columnist', 'Contributor']);

/** Units of measure that the model can read as names after a number. */
const UNIT = /^(?:[kMGT]Wh?|mAh|Wh|[KMGTP]B|[KMG]bps|[KMG]Hz|km|mph|kph|ppm|mg|ml|kg|lbs?|oz|ft|mm|cm|nm)$/;

/** Last words that make a name tagged LOCATION an organisation's (see the rule in tagJoined). */
const LOCATION_TO_ORGANIZATION_HEADS = new Set(
  'Police Philharmonic Orchestra United Rovers Wanderers Athletic Albion FC AFC Hotspur Press Agency Gazette Tribune Herald'.split(
    ' ',
  ),
);

/** Last words that make a name an organisation's, never a person's. */
const ORGANIZATION_HEADS = new Set(
  (
    'Ventures Capital Partners Holdings Group Inc Inc. Corp Corp. Corporation Company Co. Ltd Ltd. LLC ' +
    'Bank Bancorp Airlines Airways Motors Technologies Systems Labs Pharmaceuticals Foundation Institute ' +
    'University College Council Committee Commission Agency Association Ministry Department Hospital Police ' +
    'Analytics Software Robotics Therapeutics Biosciences Semiconductors Networks Solutions Media Studios'
  ).split(' '),
);

/** A personal title written as one ("Sen.", "Mayor"; not the verb in "will miss England", not "MX"). */
function isPersonalTitle(text: string): boolean {
  return /^\p{Lu}\p{Ll}/u.test(text) && PERSON_ONLY_TITLES.has(titleKey(text));
}

const LETTER = /\p{L}/u;

/** True when any token of [start, end) contains a letter. */
function hasLetter(tokens: readonly { text: string }[], start: number, end: number): boolean {
  for (let t = start; t < end; t++) if (LETTER.test(tokens[t].text)) return true;
  return false;
}

/** Moves a PERSON span's start past leading title words, keeping at least one token. */
function skipLeadingTitles(tokens: readonly { text: string }[], start: number, end: number): number {
  let first = start;
  while (end - first > 1 && NAME_TITLES.has(titleKey(tokens[first].text))) first++;
  return first;
}

/**
 * Tags every name in a document (all its sentences, in order, so that document memory can use
 * every mention). Returns spans in document order. Pure; loads the model lazily once per process.
 */
export function tagNames(sentences: readonly TaggerSentence[]): NameSpan[] {
  return tagNamesWithModel(loadDefaultModel(), sentences);
}
