import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'express';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketActivity } from '../../shared/api/live.js';
import { openEvents } from '../../test/helpers/sse.js';
import type { Store } from '../storage/types.js';
import { hears, LiveStreams } from './streams.js';

const activity = (over: Partial<TicketActivity>): TicketActivity => ({
  ticketId: 7,
  change: 'comment',
  at: '2026-12-01T10:00:00.000Z',
  actorId: 'tech',
  requesterId: 'alice',
  assigneeId: null,
  status: 'open',
  deviceId: null,
  internal: false,
  version: '2026-12-01T10:00:00.000Z',
  ...over,
});

describe('who hears of a change', () => {
  const alice = { id: 'alice', role: 'employee' as const };
  const bob = { id: 'bob', role: 'employee' as const };
  const tech = { id: 'tech', role: 'technician' as const };
  it.each([
    ['a technician, of anything', tech, {}, true],
    ['a technician, of an internal note', tech, { internal: true }, true],
    ['a technician, of a breach', tech, { change: 'sla_breach' }, true],
    ['the requester, of a public reply', alice, {}, true],
    ['the requester, of a status change', alice, { change: 'status' }, true],
    ['the requester, of their new ticket', alice, { change: 'created' }, true],
    ['the requester, of who took it', alice, { change: 'assigned' }, true],
    ['the requester, not of an internal note', alice, { internal: true }, false],
    ['the requester, not of the SLA clock', alice, { change: 'sla_risk' }, false],
    ['the requester, not of a priority change', alice, { change: 'priority' }, false],
    ['another employee, not at all', bob, {}, false],
    ['another employee, not of a new ticket', bob, { change: 'created' }, false],
  ] as const)('%s', (_, viewer, over, expected) => {
    expect(hears(viewer, activity(over as Partial<TicketActivity>))).toBe(expected);
  });
});

describe('an event stream', () => {
  let server: http.Server | undefined;
  let streams: LiveStreams | undefined;
  afterEach(async () => {
    streams?.closeAll();
    await new Promise((r) => server?.close(r));
  });

  const serve = async (expiresInMs: number, user = { id: 'alice', role: 'employee' as const, tokenVersion: 0 }) => {
    streams = new LiveStreams({} as Store, pino({ level: 'silent' }), 'node-1');
    server = http.createServer((_req, res) => streams!.add(user, res as unknown as Response, Date.now() + expiresInMs));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return openEvents(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  };

  it('greets, delivers what its user may hear, and ends when the session expires', async () => {
    const s = await serve(600);
    expect((await s.next((e) => e.event === 'hello')).data).toEqual({ userId: 'alice', node: 'node-1' });
    streams!.deliver(activity({ ticketId: 1, requesterId: 'bob' }));
    streams!.deliver(activity({ ticketId: 2 }));
    await s.next((e) => e.event === 'ticket');
    await s.ended;
    expect(s.events.map((e) => e.event)).toEqual(['hello', 'ticket', 'end']);
    expect(s.events[1]!.data.ticketId).toBe(2);
    expect(s.events[2]!.data).toEqual({ reason: 'session expired' });
  });

  it('ends at once when its user loses access here', async () => {
    const s = await serve(60_000);
    await s.next((e) => e.event === 'hello');
    expect(streams!.size).toBe(1);
    streams!.revokeUser('someone-else');
    expect(streams!.size).toBe(1);
    streams!.revokeUser('alice');
    await s.ended;
    expect(s.events.at(-1)).toEqual({ event: 'end', data: { reason: 'access changed' } });
    expect(streams!.size).toBe(0);
  });
});
