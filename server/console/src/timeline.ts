/** A ticket timeline entry as the API gives it. */
export interface TimelineEvent {
  at: string;
  actor: string | null;
  type: string;
  data: Record<string, unknown>;
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** What happened, in words: what changed from what to what, and by whom. */
export function describeEvent(e: TimelineEvent): string {
  const d = e.data;
  let what: string;
  switch (e.type) {
    case 'created':
      what = `opened${text(d.priority) ? ` (priority ${String(d.priority)})` : ''}`;
      break;
    case 'status':
    case 'priority':
      what = `${e.type} ${text(d.from) ?? '—'} → ${text(d.to) ?? '—'}`;
      break;
    case 'assignee': {
      const [from, to] = [text(d.fromName), text(d.toName)];
      what = to && from ? `reassigned ${from} → ${to}` : to ? `assigned to ${to}` : `unassigned${from ? ` (was ${from})` : ''}`;
      break;
    }
    case 'category':
      what = `category ${text(d.from) ?? '—'} → ${text(d.to) ?? '—'}`;
      break;
    case 'tags': {
      const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
      const [added, removed] = [list(d.added), list(d.removed)];
      what = [added.length ? `tagged ${added.join(', ')}` : '', removed.length ? `untagged ${removed.join(', ')}` : ''].filter(Boolean).join('; ') || 'tags';
      break;
    }
    case 'comment':
      what = d.internal === true ? 'internal note' : 'reply';
      break;
    case 'attachment':
      what = `attached ${text(d.filename) ?? 'a file'}`;
      break;
    case 'alert_cleared':
      what = `the alert “${text(d.rule) ?? 'alert'}” cleared${text(d.detail) ? ` (it was: ${text(d.detail)})` : ''}`;
      break;
    case 'first_response':
      what = 'first response';
      break;
    case 'confirmed':
      what = d.fixed === true ? 'the requester confirmed the fix' : 'the requester said it is not fixed';
      break;
    case 'rated':
      what = `rated ${String(d.score)} out of 5`;
      break;
    default:
      what = e.type.replace(/[._]/g, ' ');
  }
  return e.actor ? `${what} by ${e.actor}` : what;
}
