
import { z } from 'zod';
import { DeviceDetail, DeviceExportQuery, DeviceList, DeviceListQuery, DevicePatch, DeviceSummary, FleetSoftwareList, IdParams, SoftwareQuery } from '../../../shared/api/devices.js';
import { csvDocument } from '../../../shared/csv.js';
import { audit } from '../../commands/audit.js';
import { revokeDevice } from '../../commands/revokeDevice.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { route } from '../../http/route.js';
import { presentDevice, presentDeviceDetail } from '../../presenters/index.js';
import { sendDownload } from '../../http/download.js';

const CHANGES_SHOWN = 50;
/** An export holds every match up to this many PCs. */
const EXPORT_MAX = 50_000;

const EXPORT_COLUMNS: [string, (d: DeviceSummary) => unknown][] = [
  ['id', (d) => d.id],
  ['name', (d) => d.name ?? d.hostname],
  ['hostname', (d) => d.hostname],
  ['ip_address', (d) => d.ipAddress],
  ['logged_user', (d) => d.loggedUser],
  ['serial', (d) => d.serial],
  ['os', (d) => d.os],
  ['agent_version', (d) => d.agentVersion],
  ['online', (d) => d.online],
  ['last_seen', (d) => d.lastSeen],
  ['group', (d) => d.group],
  ['cpu', (d) => d.hardware?.cpu],
  ['cores', (d) => d.hardware?.cores],
  ['ram_bytes', (d) => d.hardware?.ramBytes],
  ['disk_total_bytes', (d) => d.hardware?.diskTotalBytes],
  ['disk_free_bytes', (d) => d.hardware?.diskFreeBytes],
  ['low_disk', (d) => d.hardware?.lowDisk],
  ['enrolled_at', (d) => d.enrolledAt],
];

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
      path: '/api/v1/devices/export',
      summary: `Every workstation matching the list's filters, in its sort order (at most ${EXPORT_MAX}), as CSV or JSON for a spreadsheet or a script`,
      tag: 'devices',
      access: 'technician',
      query: DeviceExportQuery,
      response: z.string(),
      raw: { contentType: 'text/csv' },
      async handler({ query, res }) {
        const { revoked, format, ...filter } = query;
        const { devices } = await store.devices.list({ ...filter, includeRevoked: revoked ?? false, limit: EXPORT_MAX, offset: 0 });
        const list = devices.map((d) => presentDevice(d, agents.isOnline(d)));
        const filename = `deskside-inventory-${new Date().toISOString().slice(0, 10)}.${format}`;
        if (format === 'json') return sendDownload(res, 'application/json', filename, JSON.stringify(list));
        return sendDownload(res, 'text/csv', filename, csvDocument(EXPORT_COLUMNS.map(([h]) => h), list.map((d) => EXPORT_COLUMNS.map(([, value]) => value(d)))));
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/software',
      summary: 'Every distinct package across the fleet (PCs not revoked), most widespread first, with the PCs per version; X-Total-Count gives the number of packages',
      tag: 'devices',
      access: 'technician',
      query: SoftwareQuery,
      response: FleetSoftwareList,
      headers: { 'X-Total-Count': 'How many distinct packages match, before paging' },
      async handler({ query, res }) {
        const { items, total } = await store.devices.software(query);
        res.setHeader('X-Total-Count', String(total));
        return items;
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
      summary: "Set a workstation's consent policy, group, notes or name (null: show the hostname)",
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

