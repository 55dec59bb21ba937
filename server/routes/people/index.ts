import { z } from 'zod';
import { CreateContactRequest, PeopleQuery, PersonView } from '../../../shared/api/people.js';
import { ErrorCode } from '../../../shared/protocol/codes.js';
import { audit } from '../../commands/audit.js';
import { createContact } from '../../commands/createContact.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { route } from '../../http/route.js';
import type { User } from '../../storage/types.js';

export function peopleRoutes(deps: AppDeps) {
  const { store } = deps;
  const present = (u: User, devices: { id: string; hostname: string }[]): PersonView => ({
    id: u.id,
    username: u.username,
    name: u.name,
    email: u.email,
    phone: u.phone,
    role: u.role,
    contact: u.contact,
    devices,
  });
  return [
    route({
      method: 'get',
      path: '/api/v1/people',
      summary: 'Accounts and contacts whose username, name, email or phone contains q, with the PCs they use: whom a technician opens a ticket for',
      tag: 'people',
      access: 'technician',
      query: PeopleQuery,
      response: z.array(PersonView),
      async handler({ query }) {
        const found = (await store.users.search(query.q, query.limit)).filter((u) => !u.disabledAt);
        const devices = await store.deviceUsers.devicesOf(found.map((u) => u.id));
        return found.map((u) => present(u, devices.get(u.id) ?? []));
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/contacts',
      summary: 'Add a contact: someone without an account (a caller, a visitor) a ticket can be opened for; told by email when they have an address',
      tag: 'people',
      access: 'technician',
      body: CreateContactRequest,
      response: PersonView,
      status: 201,
      errors: { 409: 'Someone with this email address exists already (the message names them): open the ticket for them' },
      async handler({ body, user }) {
        const known = body.email ? await store.users.findByEmail(body.email) : undefined;
        if (known) throw new AppError(ErrorCode.conflict, `"${known.username}" has the address ${body.email}: open the ticket for them`);
        const contact = await store.transaction(async (repos) => {
          const c = await createContact(repos, { name: body.name, email: body.email ?? null, phone: body.phone ?? null });
          await audit(repos, user!.username, 'contact.create', c.id, { username: c.username });
          return c;
        });
        return present(contact, []);
      },
    }),
  ];
}
