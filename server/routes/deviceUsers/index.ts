import { DeviceUserList, DeviceUserParams, DeviceUserView, IdParams, LinkDeviceUserRequest, PcUserPolicy } from '../../../shared/api/devices.js';
import { ErrorCode } from '../../../shared/protocol/codes.js';
import { audit } from '../../commands/audit.js';
import { TRUST_PC_USERS, trustsPcUsers } from '../../commands/openHelpRequest.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { route } from '../../http/route.js';
import type { DeviceUserLink } from '../../storage/types.js';

const present = (l: DeviceUserLink) => ({ userId: l.userId, username: l.username, linkedAt: l.createdAt, confirmedAt: l.confirmedAt, confirmedBy: l.confirmedBy });

/**
 * Who uses which PC: the people a PC may act for (its Get-help page and `deskside-agent help`),
 * and the policy that decides whether a PC's own word is enough to add one.
 */
export function deviceUserRoutes(deps: AppDeps) {
  const { store } = deps;
  const device = async (id: string) => (await store.devices.findById(id)) ?? Promise.reject(notFound('device'));
  const linkOf = async (params: { id: string; userId: string }) => {
    const d = await device(params.id);
    const link = await store.deviceUsers.find(d.id, params.userId);
    if (!link) throw notFound('link of that user to this PC');
    return { d, link };
  };
  return [
    route({
      method: 'get',
      path: '/api/v1/devices/:id/users',
      summary: 'The people who use this PC, confirmed or waiting for an admin',
      tag: 'devices',
      access: 'technician',
      params: IdParams,
      response: DeviceUserList,
      async handler({ params }) {
        await device(params.id);
        return (await store.deviceUsers.list(params.id)).map(present);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/devices/:id/users',
      summary: 'Make an employee a confirmed user of this PC',
      tag: 'devices',
      access: 'admin',
      params: IdParams,
      body: LinkDeviceUserRequest,
      response: DeviceUserView,
      status: 201,
      async handler({ params, body, user }) {
        const d = await device(params.id);
        const person = await store.users.findByUsername(body.username);
        if (!person || person.deletedAt) throw new AppError(ErrorCode.invalidInput, `body.username: no user named "${body.username}"`);
        if (person.role !== 'employee') {
          throw new AppError(ErrorCode.invalidInput, `body.username: "${person.username}" is a ${person.role}; a PC acts for employees only`);
        }
        const at = new Date().toISOString();
        await store.transaction(async (repos) => {
          if (!(await repos.deviceUsers.link({ deviceId: d.id, userId: person.id, at, confirmedBy: user!.username, createdAccount: false }))) {
            await repos.deviceUsers.confirm(d.id, person.id, user!.username, at);
          }
          await audit(repos, user!.username, 'device.user_confirm', person.username, { deviceId: d.id, hostname: d.hostname });
        });
        return present((await store.deviceUsers.find(d.id, person.id))!);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/devices/:id/users/:userId/confirm',
      summary: 'Confirm a person the PC named as one of its users',
      tag: 'devices',
      access: 'admin',
      params: DeviceUserParams,
      response: DeviceUserView,
      errors: { 409: 'Confirmed already' },
      async handler({ params, user }) {
        const { d, link } = await linkOf(params);
        if (link.confirmedAt) throw new AppError(ErrorCode.conflict, `"${link.username}" was confirmed at ${link.confirmedAt}`);
        await store.transaction(async (repos) => {
          await repos.deviceUsers.confirm(d.id, params.userId, user!.username, new Date().toISOString());
          await audit(repos, user!.username, 'device.user_confirm', link.username, { deviceId: d.id, hostname: d.hostname });
        });
        return present((await store.deviceUsers.find(d.id, params.userId))!);
      },
    }),
    route({
      method: 'delete',
      path: '/api/v1/devices/:id/users/:userId',
      summary: 'This person no longer uses this PC: it stops acting for them and listing their tickets',
      tag: 'devices',
      access: 'admin',
      params: DeviceUserParams,
      response: null,
      async handler({ params, user }) {
        const { d, link } = await linkOf(params);
        await store.transaction(async (repos) => {
          await repos.deviceUsers.unlink(d.id, params.userId);
          await audit(repos, user!.username, 'device.user_unlink', link.username, { deviceId: d.id, hostname: d.hostname });
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/settings/pc-users',
      summary: 'The policy "trust the PC\'s users": whether a person a PC names becomes its user without an admin',
      tag: 'devices',
      access: 'technician',
      response: PcUserPolicy,
      handler: async () => ({ trust: await trustsPcUsers(store) }),
    }),
    route({
      method: 'put',
      path: '/api/v1/settings/pc-users',
      summary: 'Set the policy "trust the PC\'s users" (on by default); off, an admin confirms each new person on a PC',
      tag: 'devices',
      access: 'admin',
      body: PcUserPolicy,
      response: PcUserPolicy,
      async handler({ body, user }) {
        await store.transaction(async (repos) => {
          await repos.settings.put(TRUST_PC_USERS, body.trust, new Date().toISOString());
          await audit(repos, user!.username, 'device.user_policy', null, { trust: body.trust });
        });
        return body;
      },
    }),
  ];
}
