import { isStopword, stem, words } from './text.js';

/** Where a word was found in an article, and what that is worth. */
const FIELD_WEIGHT = { title: 1, category: 0.8, body: 0.6 } as const;
type Field = keyof typeof FIELD_WEIGHT;

/**
 * How much of a request an article must answer to be suggested: the matched share of the
 * request's words, each counted by how rare it is among the articles. Below it, nothing is
 * suggested — an unrelated request ("my chair is broken") should see no article, not the three
 * least bad ones. An article that matches only in its body must answer more of the request.
 * Chosen on the labelled set in test/fixtures/faq-suggestions.json (see relevance.test.ts).
 */
export const RELEVANCE_FLOOR = 0.45;
export const BODY_ONLY_FLOOR = 0.55;
/**
 * What a word no article uses counts for: less than a word the FAQ knows, since no article can
 * answer it ("printing takes forever" is about printing), but enough that a request mostly
 * about something else is not suggested an article for its one familiar word.
 */
const UNKNOWN_WORD_WEIGHT = 1;

export interface Article {
  id: number;
  title: string;
  category: string;
  body: string;
  solved: number;
}

interface Analysed {
  article: Article;
  /** Each field's stems, and its raw words (for a half-typed last word). */
  fields: Record<Field, { stems: Set<string>; words: string[] }>;
}

/** One query word: its stem, and for the last word of a request still being typed, its prefix. */
interface Term {
  stem: string;
  prefix: string | null;
}

/**
 * The FAQ as suggestions see it: every article's words, and how many articles each stem is in.
 * Built once per change of the FAQ (see suggestions.ts), then asked on every keystroke.
 */
export class RelevanceIndex {
  private readonly docs: Analysed[];
  private readonly df = new Map<string, number>();

  constructor(articles: readonly Article[]) {
    this.docs = articles.map((article) => {
      const field = (text: string) => {
        const w = words(text);
        return { stems: new Set(w.map(stem)), words: w };
      };
      return { article, fields: { title: field(article.title), category: field(article.category), body: field(article.body) } };
    });
    for (const d of this.docs) {
      for (const s of new Set([...d.fields.title.stems, ...d.fields.category.stems, ...d.fields.body.stems])) this.df.set(s, (this.df.get(s) ?? 0) + 1);
    }
  }

  get size(): number {
    return this.docs.length;
  }

  /**
   * The articles that answer `request`, best first, at most `limit`. `typing`: the request is
   * still being typed, so its last word may be unfinished ("prin" finds "printer").
   */
  suggest(request: string, limit: number, typing = true): { article: Article; score: number }[] {
    const terms = this.terms(request, typing);
    if (terms.length === 0 || this.docs.length === 0) return [];
    // Rarer words say more: a word in every article says nothing, one in no article says the
    // request is about something the FAQ does not cover.
    const n = this.docs.length;
    const idf = (t: Term) => {
      const df = t.prefix ? this.prefixDf(t.prefix) : (this.df.get(t.stem) ?? 0);
      return df === 0 ? UNKNOWN_WORD_WEIGHT : Math.log(1 + n / (1 + df));
    };
    const weights = terms.map(idf);
    const total = weights.reduce((a, b) => a + b, 0);
    const scored = this.docs.map((d) => {
      let got = 0;
      let headline = false;
      terms.forEach((t, i) => {
        const w = this.fieldWeight(d, t);
        got += weights[i]! * w;
        if (w > FIELD_WEIGHT.body) headline = true;
      });
      return { article: d.article, score: got / total, headline };
    });
    return scored
      .filter((s) => s.score >= (s.headline ? RELEVANCE_FLOOR : BODY_ONLY_FLOOR))
      .map(({ article, score }) => ({ article, score }))
      .sort((a, b) => b.score - a.score || b.article.solved - a.article.solved || a.article.id - b.article.id)
      .slice(0, limit);
  }

  private terms(request: string, typing: boolean): Term[] {
    const all = this.joinSplitWords(words(request));
    const last = all.length - 1;
    const open = typing && !/[\s\p{P}]$/u.test(request);
    const out: Term[] = [];
    const seen = new Set<string>();
    all.forEach((w, i) => {
      // A half-typed last word of three letters or more is a prefix; shorter, it is too vague.
      const prefix = open && i === last && !isStopword(w) && w.length >= 3 && !this.df.has(stem(w)) ? w : null;
      if (isStopword(w) && !prefix) return;
      const s = stem(w);
      if (seen.has(s)) return;
      seen.add(s);
      out.push({ stem: s, prefix });
    });
    return out;
  }

  /** "wi fi" is "wifi" when the FAQ knows "wifi" and neither half on its own. */
  private joinSplitWords(ws: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < ws.length; i++) {
      const [a, b] = [ws[i]!, ws[i + 1]];
      if (b !== undefined && !this.df.has(stem(a)) && !this.df.has(stem(b)) && this.df.has(stem(a + b))) {
        out.push(a + b);
        i++;
      } else out.push(a);
    }
    return out;
  }

  private fieldWeight(d: Analysed, t: Term): number {
    let best = 0;
    for (const f of ['title', 'category', 'body'] as const) {
      const field = d.fields[f];
      const hit = field.stems.has(t.stem) || (t.prefix !== null && field.words.some((w) => w.startsWith(t.prefix!)));
      if (hit) best = Math.max(best, FIELD_WEIGHT[f]);
    }
    return best;
  }

  private prefixDf(prefix: string): number {
    return this.docs.filter((d) => (['title', 'category', 'body'] as const).some((f) => d.fields[f].words.some((w) => w.startsWith(prefix)))).length;
  }
}
