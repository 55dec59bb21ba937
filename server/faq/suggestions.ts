import type { FaqArticleRecord, Store } from '../storage/types.js';
import { RelevanceIndex } from './relevance.js';

/** More articles than a help desk writes; the index holds them all in memory. */
const MAX_ARTICLES = 20_000;

/**
 * Suggestions while someone types a request (the Get-help page, the console's form): few, and
 * only articles that answer it (relevance.ts). The FAQ is read once per change — each request
 * asks the store only whether it changed, so an edit on another node is seen at once.
 */
export class FaqSuggestions {
  private cached: { version: string; index: RelevanceIndex; byId: Map<number, FaqArticleRecord> } | null = null;
  private loading: Promise<NonNullable<FaqSuggestions['cached']>> | null = null;

  constructor(private readonly store: Store) {}

  async suggest(request: string, limit: number): Promise<FaqArticleRecord[]> {
    const { index, byId } = await this.current();
    return index.suggest(request, limit).map((s) => byId.get(s.article.id)!);
  }

  private async current(): Promise<NonNullable<FaqSuggestions['cached']>> {
    const version = await this.store.faq.version();
    if (this.cached?.version === version) return this.cached;
    // Keystrokes arriving while the FAQ is read wait for that one reading.
    this.loading ??= (async () => {
      try {
        const articles = await this.store.faq.search({ limit: MAX_ARTICLES });
        this.cached = { version, index: new RelevanceIndex(articles), byId: new Map(articles.map((a) => [a.id, a])) };
        return this.cached;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
