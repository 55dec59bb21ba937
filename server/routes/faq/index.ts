import { z } from 'zod';
import { FaqArticle, FaqArticleInput, FaqArticlePatch, FaqIdParams, FaqQuery, FaqSuggestQuery } from '../../../shared/api/faq.js';
import { FaqSuggestions } from '../../faq/suggestions.js';
import { audit } from '../../commands/audit.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { route } from '../../http/route.js';
import { clientAddress } from '../../http/clientAddress.js';
import { rateLimit } from '../../middlewares/rateLimit.js';
import { faqPage } from './page.js';
import type { FaqArticleRecord } from '../../storage/types.js';

const presentArticle = (a: FaqArticleRecord): FaqArticle => ({ ...a });

export function faqRoutes(deps: AppDeps) {
  const { store } = deps;
  const suggestions = new FaqSuggestions(store);
  // Counters are public: a limit keeps one client from inflating them.
  const counterLimit = rateLimit({ counters: () => deps.store.counters, name: 'FAQ counter', windowMs: 60_000, max: 60, key: (req) => clientAddress(req, deps.config.trustedProxies) });
  const load = async (id: number) => (await store.faq.findById(id)) ?? Promise.reject(notFound('article'));
  const countAndShow = async (id: number, counter: 'views' | 'solved') => {
    if (!(await store.faq.count(id, counter))) throw notFound('article');
    return presentArticle(await load(id));
  };

  return [
    route({
      method: 'get',
      path: '/faq',
      summary: 'The public FAQ page (HTML), searchable with ?q=',
      tag: 'faq',
      access: 'public',
      query: z.object({ q: z.string().max(200).optional() }),
      response: z.string(),
      raw: { contentType: 'text/html' },
      async handler({ query, res }) {
        const words = query.q?.split(/\s+/).filter(Boolean);
        const html = faqPage(await store.faq.search({ limit: 200, ...(words?.length ? { words } : {}) }), query.q ?? '');
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        res.end(html);
        return html;
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/faq',
      summary: 'FAQ articles; with q, full-text matches best first (as used for suggestions while typing)',
      tag: 'faq',
      access: 'public',
      query: FaqQuery,
      response: z.array(FaqArticle),
      async handler({ query }) {
        const words = query.q === undefined ? undefined : query.q.split(/\s+/).filter(Boolean);
        const found = await store.faq.search({ ...query, ...(words ? { words } : {}) });
        return found.map(presentArticle);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/faq/suggestions',
      summary:
        'Articles that answer a request being typed, best first: few and only above a relevance floor (common words alone match nothing; hyphens, accents and case are folded); none for an unrelated request',
      tag: 'faq',
      access: 'public',
      query: FaqSuggestQuery,
      response: z.array(FaqArticle),
      handler: async ({ query }) => (await suggestions.suggest(query.q, query.limit)).map(presentArticle),
    }),
    route({
      method: 'get',
      path: '/api/v1/faq/:id',
      summary: 'One article; counts a view',
      tag: 'faq',
      access: 'public',
      before: [counterLimit],
      params: FaqIdParams,
      response: FaqArticle,
      handler: ({ params }) => countAndShow(params.id, 'views'),
    }),
    route({
      method: 'post',
      path: '/api/v1/faq/:id/solved',
      summary: '"This solved it": counts that the article answered someone\'s problem',
      tag: 'faq',
      access: 'public',
      before: [counterLimit],
      params: FaqIdParams,
      response: FaqArticle,
      handler: ({ params }) => countAndShow(params.id, 'solved'),
    }),
    route({
      method: 'post',
      path: '/api/v1/faq',
      summary: 'Write an article',
      tag: 'faq',
      access: 'admin',
      body: FaqArticleInput,
      response: FaqArticle,
      status: 201,
      async handler({ body, user }) {
        const id = await store.transaction(async (repos) => {
          const created = await repos.faq.create({ ...body, createdAt: new Date().toISOString() });
          await audit(repos, user!.username, 'faq.create', String(created), { title: body.title });
          return created;
        });
        return presentArticle(await load(id));
      },
    }),
    route({
      method: 'patch',
      path: '/api/v1/faq/:id',
      summary: 'Edit an article',
      tag: 'faq',
      access: 'admin',
      params: FaqIdParams,
      body: FaqArticlePatch,
      response: FaqArticle,
      async handler({ params, body, user }) {
        await store.transaction(async (repos) => {
          if (!(await repos.faq.update(params.id, { ...body, updatedAt: new Date().toISOString() }))) throw notFound('article');
          await audit(repos, user!.username, 'faq.update', String(params.id), { fields: Object.keys(body) });
        });
        return presentArticle(await load(params.id));
      },
    }),
    route({
      method: 'delete',
      path: '/api/v1/faq/:id',
      summary: 'Delete an article',
      tag: 'faq',
      access: 'admin',
      params: FaqIdParams,
      response: null,
      async handler({ params, user }) {
        await store.transaction(async (repos) => {
          if (!(await repos.faq.delete(params.id))) throw notFound('article');
          await audit(repos, user!.username, 'faq.delete', String(params.id));
        });
      },
    }),
  ];
}
