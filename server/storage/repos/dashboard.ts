import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { DashboardRepo } from '../types.js';

const ACTIVE = ['new', 'open', 'waiting'];

/** Counts for the dashboard's charts, each one grouped query (times are ISO text, so a day is its first ten characters). */
export function dashboardRepo(db: Kysely<Database>): DashboardRepo {
  return {
    async perDay(from) {
      const [opened, resolved] = await Promise.all([
        db
          .selectFrom('tickets')
          .select([sql<string>`substr(created_at, 1, 10)`.as('day'), sql<number>`count(*)`.as('n')])
          .where('created_at', '>=', from)
          .groupBy(sql`substr(created_at, 1, 10)`)
          .execute(),
        db
          .selectFrom('tickets')
          .select([sql<string>`substr(resolved_at, 1, 10)`.as('day'), sql<number>`count(*)`.as('n')])
          .where('resolved_at', '>=', from)
          .groupBy(sql`substr(resolved_at, 1, 10)`)
          .execute(),
      ]);
      return { opened: new Map(opened.map((r) => [r.day, Number(r.n)])), resolved: new Map(resolved.map((r) => [r.day, Number(r.n)])) };
    },
    async backlog(edges) {
      // Bucket i holds tickets opened in [edges[i+1], edges[i]): edges run from now into the past.
      const bucket = sql<number>`case ${sql.join(
        edges.slice(1).map((edge, i) => sql`when created_at >= ${edge} then ${i}`),
        sql` `,
      )} else ${edges.length - 1} end`;
      const rows = await db.selectFrom('tickets').select([bucket.as('b'), sql<number>`count(*)`.as('n')]).where('status', 'in', ACTIVE).groupBy(sql`b`).execute();
      return new Map(rows.map((r) => [Number(r.b), Number(r.n)]));
    },
    async devicesBy(column) {
      const rows = await db
        .selectFrom('devices')
        .select([sql.ref<string | null>(column).as('k'), sql<number>`count(*)`.as('n')])
        .where('revoked_at', 'is', null)
        .groupBy(sql.ref(column))
        .orderBy(sql`count(*)`, 'desc')
        .execute();
      return rows.map((r) => ({ key: r.k, count: Number(r.n) }));
    },
    async findings(from) {
      const rows = await db
        .selectFrom('ticket_diagnostics as d')
        .innerJoin('tickets as t', 't.id', 'd.ticket_id')
        .select('d.findings')
        .where('t.created_at', '>=', from)
        .execute();
      const counts = new Map<string, number>();
      for (const r of rows) {
        const codes = new Set((JSON.parse(r.findings) as { code: string }[]).map((f) => f.code));
        for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
      }
      return counts;
    },
  };
}
