import { sql, type Kysely } from 'kysely';
import type { SchemaDialect } from '../dialect.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: SchemaDialect): Promise<void> {
  await db.schema
    .createTable('faq_articles')
    .addColumn('id', 'integer', d.serial)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('solved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  if (d.name === 'postgres') {
    // A stored tsvector the database keeps in step itself, weighted like SQLite's bm25 columns
    // below (title, then category, then body), with a GIN index for `@@`.
    await sql`alter table faq_articles add column search tsvector generated always as (
      setweight(to_tsvector('english', title), 'A') ||
      setweight(to_tsvector('english', category), 'B') ||
      setweight(to_tsvector('english', body), 'C')) stored`.execute(db);
    await sql`create index faq_articles_search on faq_articles using gin (search)`.execute(db);
    return;
  }
  // Full-text index kept in step by the repository (rowid = article id): SQLite's FTS5.
  await sql`create virtual table faq_search using fts5(title, body, category, tokenize = 'porter unicode61')`.execute(db);
}
