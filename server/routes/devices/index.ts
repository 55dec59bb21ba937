
import { DeviceDetail, DeviceList, DeviceListQuery, DevicePatch, DeviceSummary, IdParams } from '../../../shared/api/devices.js';
import { audit } from '../../commands/audit.js';
import { revokeDevice } from '../../commands/revokeDevice.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { route } from '../../http/route.js';
import { presentDevice, presentDeviceDetail } from '../../presenters/index.js';

const CHANGES_SHOWN = 50;

export function deviceRoutes(deps: AppDeps) {
  const { store, agents } = deps;
  const load = async (id: string) => (await store.devices.findById(id)) ?? Promise.reject(notFound('device'));

  return [
    route({
      method: 'get',
      path: '/api/v1/devices',
      summary: 'Workstations, filtered; X-Total-Count gives the number before paging',
      tag: 'devices',
      access: 'technician',
      query: DeviceListQuery,
      response: DeviceList,
      headers: { 'X-Total-Count': 'How many workstations match the filters, before paging' },
      async handler({ query, res }) {
        const { revoked, ...filter } = query;
        const { devices, total } = await store.devices.list({ ...filter, includeRevoked: revoked ?? false });
        res.setHeader('X-Total-Count', String(total));
        return devices.map((d) => presentDevice(d, agents.isOnline(d)));
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/devices/:id',
      summary: 'A workstation with its latest full inventory and the history of inventory changes',
      tag: 'devices',
      access: 'technician',
      params: IdParams,
      response: DeviceDetail,
      async handler({ params }) {
        const device = await load(params.id);
        const [inventory, changes] = await Promise.all([store.devices.inventory(device.id), store.devices.changes(device.id, CHANGES_SHOWN)]);
        return presentDeviceDetail(device, agents.isOnline(device), inventory, changes);
      },
    }),
    route({
      method: 'patch',
      path: '/api/v1/devices/:id',
      summary: 'Set a workstation\'s consent policy, group or notes',
      tag: 'devices',
      access: 'admin',
      params: IdParams,
      body: DevicePatch,
      response: DeviceSummary,
      async handler({ params, body, user }) {
        await load(params.id);
        await store.transaction(async (repos) => {
          await repos.devices.update(params.id, body);
          await audit(repos, user!.username, 'device.update', params.id, body);
        });
        const device = await load(params.id);
        return presentDevice(device, agents.isOnline(device));
      },
    }),
    route({
      method: 'delete',
      path: '/api/v1/devices/:id',
      summary: 'Revoke a workstation: its agent is disconnected and cannot reconnect',
      tag: 'devices',
      access: 'admin',
      params: IdParams,
      response: null,
      async handler({ params, user }) {
        await revokeDevice(deps, params.id, user!.username);
      },
    }),
  ];
}

