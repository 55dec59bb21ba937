import fs from 'node:fs';
import path from 'node:path';
import { RelevanceIndex } from '../server/faq/relevance.js';
import { ROOT, type Report } from './lib.js';

/** The project folder, whether this runs built (dist/bench) or from the sources (unit tests). */
const root = fs.existsSync(path.join(import.meta.dirname, '..', 'test', 'fixtures', 'faq-suggestions.json')) ? path.join(import.meta.dirname, '..') : ROOT;

/** Everyday requests and the articles that answer them (none, for unrelated ones). */
export const LABELLED_SET = path.join(root, 'test', 'fixtures', 'faq-suggestions.json');

export interface LabelledSet {
  articles: { title: string; category: string; body: string }[];
  requests: { text: string; answers: string[] }[];
}

export const loadLabelledSet = (): LabelledSet => JSON.parse(fs.readFileSync(LABELLED_SET, 'utf8')) as LabelledSet;

/**
 * How suggestions do on the labelled set: the share of answerable requests with an answer among
 * their first three suggestions, and the share of unrelated requests that got any suggestion.
 */
export function measureSuggestions(set: LabelledSet): { hitRate: number; unrelatedWithSuggestion: number; wrong: string[] } {
  const index = new RelevanceIndex(set.articles.map((a, i) => ({ ...a, id: i + 1, solved: 0 })));
  const top3 = (q: string) => index.suggest(q, 3).map((s) => s.article.title);
  const answerable = set.requests.filter((r) => r.answers.length > 0);
  const unrelated = set.requests.filter((r) => r.answers.length === 0);
  const misses = answerable.filter((r) => !top3(r.text).some((t) => r.answers.includes(t)));
  const noisy = unrelated.filter((r) => top3(r.text).length > 0);
  return {
    hitRate: (answerable.length - misses.length) / answerable.length,
    unrelatedWithSuggestion: noisy.length / unrelated.length,
    wrong: [...misses.map((r) => `missed: ${r.text}`), ...noisy.map((r) => `suggested for: ${r.text}`)],
  };
}

/** Suggestion quality: exact counts on a fixed set, the same on every run and machine. */
export async function faqBench(): Promise<Report> {
  const set = loadLabelledSet();
  const m = measureSuggestions(set);
  return {
    values: { 'faq.top3HitRate': Math.round(m.hitRate * 1000) / 1000, 'faq.unrelatedWithSuggestion': Math.round(m.unrelatedWithSuggestion * 1000) / 1000 },
    reasons: {},
    notes: [
      `faq: ${set.requests.length} labelled requests against ${set.articles.length} articles (test/fixtures/faq-suggestions.json); targets: top-3 hit rate ≥ 0.95, unrelated with a suggestion ≤ 0.167${m.wrong.length ? `; ${m.wrong.join('; ')}` : ''}`,
    ],
  };
}
