import { sql, type Kysely, type Selectable } from 'kysely';
import { NOTIFICATION_KINDS, OUTBOX_STATES, type NotificationKind, type NotificationPrefs, type OutboxState } from '../../../shared/api/mail.js';
import type { SchemaDialect } from '../dialect.js';
import type { Database, OutboxTable } from '../schema.js';
import type { NotificationPrefRepo, OutboxMessage, OutboxRepo } from '../mailTypes.js';

function toMessage(r: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: Number(r.id),
    kind: r.kind as NotificationKind,
    ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
    recipient: r.recipient,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    messageId: r.message_id,
    referencesId: r.references_id,
    state: r.state as OutboxState,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    claimedAt: r.claimed_at,
    sentAt: r.sent_at,
    lastError: r.last_error,
    createdAt: r.created_at,
  };
}

export function outboxRepo(db: Kysely<Database>, d: SchemaDialect): OutboxRepo {
  return {
    async enqueue(m) {
      const r = await db
        .insertInto('outbox')
        .values({
          kind: m.kind,
          ticket_id: m.ticketId,
          recipient: m.recipient,
          subject: m.subject,
          text_body: m.text,
          html_body: m.html,
          message_id: m.messageId,
          references_id: m.referencesId,
          state: 'pending',
          next_attempt_at: m.createdAt,
          created_at: m.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async claim(now, limit) {
      // One statement: on PostgreSQL the rows another node is claiming are skipped, not waited for.
      const due = db
        .selectFrom('outbox')
        .select('id')
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('id')
        .limit(limit)
        .$if(d.name === 'postgres', (q) => q.forUpdate().skipLocked());
      const rows = await db.updateTable('outbox').set({ state: 'sending', claimed_at: now }).where('id', 'in', due).where('state', '=', 'pending').returningAll().execute();
      return rows.map(toMessage).sort((a, b) => a.id - b.id);
    },
    async markSent(id, at) {
      await db.updateTable('outbox').set({ state: 'sent', sent_at: at, last_error: null, attempts: sql`attempts + 1` }).where('id', '=', id).execute();
    },
    async markRetry(id, error, nextAttemptAt) {
      await db
        .updateTable('outbox')
        .set({ state: 'pending', last_error: error, next_attempt_at: nextAttemptAt, claimed_at: null, attempts: sql`attempts + 1` })
        .where('id', '=', id)
        .where('state', '=', 'sending')
        .execute();
    },
    async markFailed(id, error) {
      await db
        .updateTable('outbox')
        .set({ state: 'failed', last_error: error, attempts: sql`attempts + 1` })
        .where('id', '=', id)
        .execute();
    },
    async abandon(claimedBefore, reason) {
      const r = await db
        .updateTable('outbox')
        .set({ state: 'unknown', last_error: reason })
        .where('state', '=', 'sending')
        .where('claimed_at', '<', claimedBefore)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async retry(id, now) {
      const r = await db
        .updateTable('outbox')
        .set({ state: 'pending', next_attempt_at: now, claimed_at: null })
        .where('id', '=', id)
        .where('state', 'in', ['failed', 'unknown'])
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async list(f) {
      const base = db.selectFrom('outbox').$if(f.state !== undefined, (q) => q.where('state', '=', f.state!));
      const [rows, total] = await Promise.all([
        base.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { messages: rows.map(toMessage), total: Number(total.n) };
    },
    async counts() {
      const rows = await db
        .selectFrom('outbox')
        .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('state')
        .execute();
      const out = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;
      for (const r of rows) if (r.state in out) out[r.state as OutboxState] = Number(r.n);
      return out;
    },
    async findByMessageId(messageId) {
      const r = await db.selectFrom('outbox').selectAll().where('message_id', '=', messageId).executeTakeFirst();
      return r && toMessage(r);
    },
  };
}

export function notificationPrefRepo(db: Kysely<Database>): NotificationPrefRepo {
  return {
    async get(userId) {
      const rows = await db.selectFrom('notification_prefs').select(['kind', 'enabled']).where('user_id', '=', userId).execute();
      const prefs = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, true])) as NotificationPrefs;
      for (const r of rows) if (r.kind in prefs) prefs[r.kind as NotificationKind] = r.enabled === 1;
      return prefs;
    },
    async set(userId, prefs) {
      for (const [kind, enabled] of Object.entries(prefs)) {
        await db
          .insertInto('notification_prefs')
          .values({ user_id: userId, kind, enabled: enabled ? 1 : 0 })
          .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ enabled: enabled ? 1 : 0 }))
          .execute();
      }
    },
    async optedOut(userIds, kind) {
      if (userIds.length === 0) return new Set();
      const rows = await db
        .selectFrom('notification_prefs')
        .select('user_id')
        .where('user_id', 'in', [...userIds])
        .where('kind', '=', kind)
        .where('enabled', '=', 0)
        .execute();
      return new Set(rows.map((r) => r.user_id));
    },
  };
}
