/**
 * Titles written before people's names, one list per use (lower case, without a final dot;
 * look words up with {@link titleKey}). Kept apart because each use needs a different reach:
 * stripping a title from a PERSON span may take "President", but only a title that no
 * organisation or place carries ("Sen.", "Mrs.") may turn a span into a PERSON.
 */

/** A word as the title lists hold it: lower case, without a final dot ("Sen." -> "sen"). */
export function titleKey(word: string): string {
  return word.toLowerCase().replace(/\.$/, '');
}

/**
 * Titles and honorifics that precede a name but are not part of it (CoNLL-2003's convention,
 * and what a reader expects: "Mayor Hanna Zdanowska" is the person "Hanna Zdanowska").
 */
export const NAME_TITLES = new Set(
  (
    'mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend father sister brother ' +
    'president vice chancellor premier minister secretary mayor governor senator sen rep ' +
    'congressman congresswoman judge justice ambassador general gen colonel col major captain capt ' +
    'lieutenant lt sergeant sgt admiral commander chief officer inspector detective coach manager ' +
    'chairman chairwoman ceo king queen prince princess pope cardinal bishop rabbi imam sheikh ' +
    'conductor singer guitarist striker midfielder defender goalkeeper'
  ).split(' '),
);

/**
 * Titles that only a person bears (a subset of {@link NAME_TITLES}: "President" or "Chief"
 * also come before organisations and places, "General" before "Motors").
 */
export const PERSON_ONLY_TITLES = new Set(
  'mr mrs ms miss dr prof sir dame rev sen senator rep congressman congresswoman gov governor mayor lt sgt capt col'.split(
    ' ',
  ),
);

/**
 * Words of a job title written before a name inside what the model took for one organisation
 * or place: "Alabama Attorney General Steve Marshall", "U.S. Secretary of State Antony Blinken".
 */
export const JOB_TITLE_WORDS = new Set(
  (
    'attorney general vice deputy chief executive foreign finance prime minister secretary ' +
    'district circuit judge justice senator sen governor gov president mayor commissioner ' +
    'chancellor spokesman spokeswoman ambassador representative rep congressman congresswoman'
  ).split(' '),
);
/** The title's last word: the name starts after it. */
export const JOB_TITLE_HEADS = new Set(
  'general minister secretary judge justice senator sen governor gov president mayor commissioner chancellor spokesman spokeswoman ambassador representative rep congressman congresswoman executive'.split(
    ' ',
  ),
);

/** Titles that only people carry: a name after one of these is a person whatever its tag. */
export const COURTESY_TITLES: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'sir',
  'dame',
]);

/** Titles and honorifics that may precede a person's name (lower case, without the dot). */
export const ALIAS_HONORIFICS: ReadonlySet<string> = new Set([
  ...COURTESY_TITLES,
  ...(
    'prof professor lord lady rev father president vice-president chancellor prime minister senator sen rep gov ' +
    'governor mayor judge justice gen general col capt captain coach manager ceo king queen prince princess pope st saint'
  ).split(' '),
]);
