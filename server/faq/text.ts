import { stemmer } from 'stemmer';

/**
 * Words too common to say what a request is about. A request made only of them ("it does not
 * work on my PC") suggests nothing; with others they neither help nor hurt an article.
 */
const STOPWORDS = new Set(
  `a about after again all also am an and any anymore anyone anything are as at back be been before being both but by can cannot cant could did didnt do does doesnt doing dont down
  during each either else even ever every for from get gets getting got had has hasnt have havent having he her here hers him his how i id if im in into is isnt it its itself ive just
  keep keeps know last like make me mine more most much must my myself need needs never new no nor not now of off on once one only or other our out over please pls really same
  see seems she should since so some something still such than thank thanks that the their them then there these they thing this those though through to today too try tried trying
  under until up us use used using very was wasnt we were what when where whether which while who why will with wont would yes yet you your yesterday morning week
  help issue issues problem problems hi hello dear regards asap urgent work works working worked
  pc pcs computer laptop desktop machine device`.split(/\s+/),
);

/**
 * A text's words as search compares them: accents and case folded, a hyphen or apostrophe
 * inside a word dropped ("Wi-Fi" and "wifi" are one word, and so are "e-mail" and "email").
 */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/([\p{L}\p{N}])[-'’]+(?=[\p{L}\p{N}])/gu, '$1')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

export const isStopword = (w: string) => STOPWORDS.has(w);

/** A word's stem (Porter), so "printer", "printers" and "printing" meet. */
export const stem = (w: string) => (/^\p{N}+$/u.test(w) ? w : stemmer(w));
