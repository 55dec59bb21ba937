import { describe, expect, it } from 'vitest';
import { loadLabelledSet, measureSuggestions } from '../../bench/faq.js';
import { RelevanceIndex } from './relevance.js';
import { words } from './text.js';

const SET = loadLabelledSet();
const index = new RelevanceIndex(SET.articles.map((a, i) => ({ ...a, id: i + 1, solved: 0 })));
const titles = (q: string, limit = 3) => index.suggest(q, limit).map((s) => s.article.title);

describe('words as search compares them', () => {
  it('folds case and accents, and joins words across a hyphen or apostrophe', () => {
    expect(words('Wi-Fi at the Café')).toEqual(['wifi', 'at', 'the', 'cafe']);
    expect(words("can't E-Mail — sign-in")).toEqual(['cant', 'email', 'signin']);
    expect(words('Ångström  naïve')).toEqual(['angstrom', 'naive']);
  });
});

describe('FAQ suggestions on the labelled set', () => {
  it('has the set the issue asks for: 40 requests or more, half-typed ones, and ones no article answers', () => {
    expect(SET.requests.length).toBeGreaterThanOrEqual(40);
    expect(SET.requests.filter((r) => r.answers.length === 0).length).toBeGreaterThanOrEqual(6);
    expect(SET.requests.some((r) => r.text === 'prin')).toBe(true);
  });

  it('finds an answer in the first three for at least 95% of answerable requests, and suggests something for at most 1 in 6 unrelated ones', () => {
    const m = measureSuggestions(SET);
    expect(m.hitRate, m.wrong.join('; ')).toBeGreaterThanOrEqual(0.95);
    expect(m.unrelatedWithSuggestion, m.wrong.join('; ')).toBeLessThanOrEqual(1 / 6);
  });

  it('does not match on common words alone', () => {
    expect(titles('it does not work on my pc')).toEqual([]);
    expect(titles('my')).toEqual([]);
    expect(titles('the')).toEqual([]);
  });

  it('matches Wi-Fi however it is written, and accents either way', () => {
    for (const q of ['wifi ', 'wi-fi ', 'WiFi ', 'Wi Fi']) expect(titles(q)[0], q).toBe('Wi-Fi is connected but pages do not load');
    expect(titles('cafe ')).toContain('Café guest network access');
    expect(titles('café ')).toContain('Café guest network access');
  });

  it('completes the word being typed, and not a finished one', () => {
    expect(titles('prin')).toEqual(expect.arrayContaining(['Printer jams on every page']));
    expect(index.suggest('prin ', 3, true)).toEqual([]);
  });

  it('suggests nothing from an empty FAQ', () => {
    expect(new RelevanceIndex([]).suggest('printer', 3)).toEqual([]);
  });
});
