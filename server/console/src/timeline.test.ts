import { describe, expect, it } from 'vitest';
import { describeEvent } from './timeline.js';

const at = '2026-12-01T10:00:00.000Z';

describe('a ticket timeline in words', () => {
  it.each([
    [{ type: 'created', actor: 'emma', data: { priority: 'normal', requester: 'emma' } }, 'opened (priority normal) by emma'],
    [{ type: 'status', actor: 'tina', data: { from: 'open', to: 'waiting' } }, 'status open → waiting by tina'],
    [{ type: 'priority', actor: 'tina', data: { from: 'normal', to: 'high' } }, 'priority normal → high by tina'],
    [{ type: 'assignee', actor: 'ada', data: { from: null, to: 'u1', toName: 'tina' } }, 'assigned to tina by ada'],
    [{ type: 'assignee', actor: 'ada', data: { from: 'u1', to: 'u2', fromName: 'tina', toName: 'otto' } }, 'reassigned tina → otto by ada'],
    [{ type: 'assignee', actor: 'ada', data: { from: 'u1', to: null, fromName: 'tina' } }, 'unassigned (was tina) by ada'],
    [{ type: 'comment', actor: 'tina', data: { internal: true } }, 'internal note by tina'],
    [{ type: 'attachment', actor: 'ana', data: { filename: 'screen.png', size: 10 } }, 'attached screen.png by ana'],
    [{ type: 'alert_cleared', actor: null, data: { rule: 'Disk full', detail: '/ is 95% full' } }, 'the alert “Disk full” cleared (it was: / is 95% full)'],
    [{ type: 'confirmed', actor: 'emma', data: { fixed: false } }, 'the requester said it is not fixed by emma'],
    [{ type: 'rated', actor: 'emma', data: { score: 4 } }, 'rated 4 out of 5 by emma'],
    [{ type: 'category', actor: 'tina', data: { from: null, to: 'Printing' } }, 'category — → Printing by tina'],
    [{ type: 'tags', actor: 'tina', data: { added: ['vpn', 'remote'], removed: ['wifi'] } }, 'tagged vpn, remote; untagged wifi by tina'],
    [{ type: 'session.start', actor: null, data: {} }, 'session start'],
  ])('%j', (e, words) => {
    expect(describeEvent({ at, ...e })).toBe(words);
  });
});
