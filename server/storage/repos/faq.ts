import { sql, type Kysely, type Selectable } from 'kysely';
import type { SchemaDialect } from '../dialect.js';
import type { Database, FaqArticlesTable } from '../schema.js';
import type { FaqArticleRecord, FaqRepo } from '../types.js';

const toArticle = (r: Selectable<FaqArticlesTable>): FaqArticleRecord => ({
  id: Number(r.id),
  title: r.title,
  body: r.body,
  category: r.category,
  findings: JSON.parse(r.findings) as string[],
  views: r.views,
  solved: r.solved,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * An FTS5 query from plain words: each word quoted (so no word is read as an operator) and
 * prefix-matched, any word may match, so suggestions appear while the employee is still typing.
 */
export function ftsQuery(words: string[]): string | null {
  const terms = words.map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter((w) => w.length > 0).slice(0, 16);
  return terms.length ? terms.map((w) => `"${w}"*`).join(' OR ') : null;
}

/**
 * The same words as a PostgreSQL tsquery: prefix-matched, any may match. websearch_to_tsquery
 * has no prefix form, and suggestions must match while a word is half typed; the words hold only
 * letters and digits, so to_tsquery cannot read an operator in them.
 */
export function tsQuery(words: string[]): string | null {
  const fts = ftsQuery(words);
  return fts === null ? null : fts.replace(/"([^"]*)"\*/g, '$1:*').replace(/ OR /g, ' | ');
}

export function faqRepo(db: Kysely<Database>, dialect: SchemaDialect): FaqRepo {
  // On PostgreSQL the search column is generated from the article: nothing to keep in step.
  const postgres = dialect.name === 'postgres';
  const index = async (id: number, a: { title: string; body: string; category: string }) => {
    if (postgres) return;
    await db.deleteFrom('faq_search').where('rowid', '=', id).execute();
    await db.insertInto('faq_search').values({ rowid: id, title: a.title, body: a.body, category: a.category }).execute();
  };
  return {
    async create(a) {
      const r = await db
        .insertInto('faq_articles')
        .values({ title: a.title, body: a.body, category: a.category, findings: JSON.stringify(a.findings), views: 0, solved: 0, created_at: a.createdAt, updated_at: a.createdAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(r.id);
      await index(id, a);
      return id;
    },
    async findById(id) {
      const r = await db.selectFrom('faq_articles').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toArticle(r);
    },
    async update(id, a) {
      const current = await this.findById(id);
      if (!current) return false;
      const next = { ...current, ...a };
      await db
        .updateTable('faq_articles')
        .set({ title: next.title, body: next.body, category: next.category, findings: JSON.stringify(next.findings), updated_at: a.updatedAt })
        .where('id', '=', id)
        .execute();
      await index(id, next);
      return true;
    },
    async delete(id) {
      if (!postgres) await db.deleteFrom('faq_search').where('rowid', '=', id).execute();
      const r = await db.deleteFrom('faq_articles').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async search(q) {
      let query = db.selectFrom('faq_articles').selectAll('faq_articles');
      if (q.category) query = query.where('category', '=', q.category);
      if (q.finding) query = query.where(sql<boolean>`findings like ${`%"${q.finding.replace(/_/g, '\\_')}"%`} escape '\\'`);
      const match = q.words ? ftsQuery(q.words) : null;
      if (q.words && match === null) return [];
      if (match && postgres) {
        const tsq = sql`to_tsquery('english', ${tsQuery(q.words!)})`;
        query = query.where(sql<boolean>`faq_articles.search @@ ${tsq}`).orderBy(sql`ts_rank(faq_articles.search, ${tsq})`, 'desc');
      } else if (match) {
        query = query
          .innerJoin('faq_search', (join) => join.on(sql<boolean>`faq_search.rowid = faq_articles.id`))
          .where(sql<boolean>`faq_search match ${match}`)
          .orderBy(sql`bm25(faq_search, 5.0, 1.0, 2.0)`);
      }
      const rows = await query.orderBy('faq_articles.solved', 'desc').orderBy('faq_articles.id', 'desc').limit(q.limit).execute();
      return rows.map(toArticle);
    },
    async version() {
      const r = await db
        .selectFrom('faq_articles')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('last'), eb.fn.max('updated_at').as('edited')])
        .executeTakeFirstOrThrow();
      return `${Number(r.n)}:${r.last ?? 0}:${r.edited ?? ''}`;
    },
    async count(id, counter) {
      const r = await db
        .updateTable('faq_articles')
        .set((eb) => ({ [counter]: eb(counter, '+', 1) }))
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
