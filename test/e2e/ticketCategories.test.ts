import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: string;
let tech: string;
let emma: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.api.login();
  for (const [username, role] of [['tia', 'technician'], ['emma', 'employee']]) {
    await server.api.request('POST', '/api/v1/users', { token: admin, body: { username, role, password: 'password-123' } });
  }
  tech = await server.api.login('tia', 'password-123');
  emma = await server.api.login('emma', 'password-123');
});
afterAll(() => server.stop());

const api = (method: string, p: string, token: string, body?: unknown) => server.api.request(method, p, { token, ...(body === undefined ? {} : { body }) });

describe('ticket categories and tags', () => {
  it('an admin defines the categories; everyone reads them; nonsense is refused', async () => {
    expect((await api('GET', '/api/v1/ticket-categories', emma)).body).toEqual([]);
    expect((await api('PUT', '/api/v1/ticket-categories', tech, ['Printing'])).status).toBe(403);
    expect(await api('PUT', '/api/v1/ticket-categories', admin, ['Printing', 'printing'])).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('each category once') } } });
    expect(await api('PUT', '/api/v1/ticket-categories', admin, ['Printing', ''])).toMatchObject({ status: 400 });
    expect((await api('PUT', '/api/v1/ticket-categories', admin, ['Printing', 'Network', 'Accounts'])).body).toEqual(['Printing', 'Network', 'Accounts']);
    expect((await api('GET', '/api/v1/ticket-categories', emma)).body).toEqual(['Printing', 'Network', 'Accounts']);
  });

  it('a ticket takes a category when opened (any case), tags from technicians only, and filters by both', async () => {
    const own = await api('POST', '/api/v1/tickets', emma, { summary: 'Printer jams', category: 'printing' });
    expect(own).toMatchObject({ status: 201, body: { category: 'Printing', tags: [] } });
    expect(await api('POST', '/api/v1/tickets', emma, { summary: 'Printer jams', category: 'Plumbing' })).toMatchObject({
      status: 400,
      body: { error: { message: 'body.category: "Plumbing" is not a category (one of: Printing, Network, Accounts)' } },
    });
    expect(await api('POST', '/api/v1/tickets', emma, { summary: 'VPN drops', tags: ['vpn'] })).toMatchObject({ status: 403 });
    const vpn = await api('POST', '/api/v1/tickets', tech, { summary: 'VPN drops', category: 'Network', tags: ['VPN', 'remote', 'vpn'] });
    expect(vpn.body).toMatchObject({ category: 'Network', tags: ['vpn', 'remote'] });
    expect(await api('POST', '/api/v1/tickets', tech, { summary: 'Bad tag', tags: ['two words'] })).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('body.tags') } } });

    const ids = async (query: string) => ((await api('GET', `/api/v1/tickets?${query}`, tech)).body as { id: number }[]).map((t) => t.id);
    expect(await ids('category=Printing')).toEqual([own.body.id]);
    expect(await ids('tag=vpn')).toEqual([vpn.body.id]);
    expect(await ids('tag=REMOTE')).toEqual([vpn.body.id]);
    // A tag is matched whole: "vp" is not "vpn".
    expect(await ids('tag=vp')).toEqual([]);
    // An employee's filter stays within her own tickets.
    expect(((await api('GET', '/api/v1/tickets?category=Network', emma)).body as unknown[]).length).toBe(0);
  });

  it('technicians change category and tags; the timeline says what changed', async () => {
    const t = (await api('POST', '/api/v1/tickets', emma, { summary: 'Cannot sign in to mail' })).body;
    expect((await api('PATCH', `/api/v1/tickets/${t.id}`, emma, { category: 'Accounts' })).status).toBe(403);
    expect((await api('PATCH', `/api/v1/tickets/${t.id}`, tech, { category: 'accounts', tags: ['mail', 'password'] })).body).toMatchObject({ category: 'Accounts', tags: ['mail', 'password'] });
    expect((await api('PATCH', `/api/v1/tickets/${t.id}`, tech, { tags: ['mail', 'mfa'] })).body.tags).toEqual(['mail', 'mfa']);
    expect((await api('PATCH', `/api/v1/tickets/${t.id}`, tech, { category: null })).body.category).toBeNull();
    const timeline = (await api('GET', `/api/v1/tickets/${t.id}`, tech)).body.timeline as { type: string; data: unknown; actor: string }[];
    expect(timeline.filter((e) => e.type === 'category' || e.type === 'tags').map(({ type, data, actor }) => ({ type, data, actor }))).toEqual([
      { type: 'category', data: { from: null, to: 'Accounts' }, actor: 'tia' },
      { type: 'tags', data: { added: ['mail', 'password'], removed: [] }, actor: 'tia' },
      { type: 'tags', data: { added: ['mfa'], removed: ['password'] }, actor: 'tia' },
      { type: 'category', data: { from: 'Accounts', to: null }, actor: 'tia' },
    ]);
    // Removing a category from the list leaves the tickets that have it alone.
    const network = (await api('POST', '/api/v1/tickets', tech, { summary: 'Switch down', category: 'Network' })).body;
    await api('PUT', '/api/v1/ticket-categories', admin, ['Printing', 'Accounts']);
    expect((await api('GET', `/api/v1/tickets/${network.id}`, tech)).body.category).toBe('Network');
  });
});
