import os from 'node:os';
import si from 'systeminformation';
import { InventoryDocument, type InventoryDocument as Doc } from '../../shared/inventory.js';
import { LIMITS } from '../../shared/protocol/limits.js';
import { installedSoftware } from './software/index.js';

const str = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  const s = String(v).trim();
  return s === '' ? null : s.slice(0, LIMITS.shortText);
};
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const list = <T>(items: T[] | undefined): T[] => (items ?? []).slice(0, LIMITS.listItemsMax);

/** A failing probe yields its fallback: one unreadable section must not cost the whole report. */
async function safe<T>(probe: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await probe();
  } catch {
    return fallback;
  }
}

/** The full inventory of this machine. The probes run concurrently (a few seconds in all). */
export async function collectInventory(): Promise<Doc> {
  const [system, bios, osInfo, cpu, mem, memLayout, diskLayout, fsSize, nics, graphics, battery, users, software] = await Promise.all([
    safe(() => si.system(), null),
    safe(() => si.bios(), null),
    safe(() => si.osInfo(), null),
    safe(() => si.cpu(), null),
    safe(() => si.mem(), null),
    safe(() => si.memLayout(), []),
    safe(() => si.diskLayout(), []),
    safe(() => si.fsSize(), []),
    safe(() => si.networkInterfaces(), []),
    safe(() => si.graphics(), null),
    safe(() => si.battery(), null),
    safe(() => si.users(), []),
    safe(() => installedSoftware(), []),
  ]);
  const nicList = Array.isArray(nics) ? nics : [nics];
  const doc: Doc = {
    collectedAt: new Date().toISOString(),
    system: { manufacturer: str(system?.manufacturer), model: str(system?.model), serial: str(system?.serial), uuid: str(system?.uuid) },
    bios: { vendor: str(bios?.vendor), version: str(bios?.version), releaseDate: str(bios?.releaseDate) },
    os: {
      platform: str(osInfo?.platform) ?? process.platform,
      distro: str(osInfo?.distro),
      release: str(osInfo?.release),
      kernel: str(osInfo?.kernel),
      arch: str(osInfo?.arch) ?? process.arch,
      hostname: (str(osInfo?.hostname) ?? os.hostname()).slice(0, LIMITS.hostnameMax),
    },
    cpu: {
      manufacturer: str(cpu?.manufacturer),
      brand: str(cpu?.brand),
      cores: num(cpu?.cores) ?? os.cpus().length,
      physicalCores: num(cpu?.physicalCores),
      speedGHz: num(cpu?.speed),
    },
    memory: {
      totalBytes: num(mem?.total) ?? os.totalmem(),
      modules: list(memLayout).map((m) => ({ sizeBytes: num(m.size), type: str(m.type), clockSpeedMHz: num(m.clockSpeed) })),
    },
    disks: {
      physical: list(diskLayout).map((d) => ({
        name: str(d.name),
        type: str(d.type),
        vendor: str(d.vendor),
        sizeBytes: num(d.size),
        serial: str(d.serialNum),
        // "unknown" is what systeminformation says where the OS gives no SMART status.
        health: d.smartStatus && d.smartStatus !== 'unknown' ? str(d.smartStatus) : null,
      })),
      filesystems: list(fsSize)
        .filter((f) => f.mount && Number.isFinite(f.size))
        .map((f) => ({ mount: str(f.mount)!, fs: str(f.fs), type: str(f.type), sizeBytes: num(f.size) ?? 0, usedBytes: num(f.used) ?? 0 })),
    },
    network: list(nicList).map((n) => ({
      iface: str(n.iface) ?? 'unknown',
      mac: str(n.mac),
      ipv4: n.ip4 ? [n.ip4] : [],
      ipv6: n.ip6 ? [n.ip6] : [],
      speedMbps: num(n.speed),
      virtual: Boolean(n.virtual),
    })),
    graphics: list(graphics?.controllers).map((g) => ({ vendor: str(g.vendor), model: str(g.model), vramMB: num(g.vram) })),
    battery: {
      present: Boolean(battery?.hasBattery),
      percent: battery?.hasBattery ? num(battery.percent) : null,
      charging: battery?.hasBattery ? Boolean(battery.isCharging) : null,
      cycleCount: battery?.hasBattery ? num(battery.cycleCount) : null,
      designedCapacity: battery?.hasBattery ? num(battery.designedCapacity) : null,
      maxCapacity: battery?.hasBattery ? num(battery.maxCapacity) : null,
    },
    users: list(users).map((u) => ({ user: str(u.user) ?? 'unknown', terminal: str(u.tty), loginAt: str([u.date, u.time].filter(Boolean).join(' ')) })),
    software,
  };
  // The same schema the server applies: what we send is known to pass.
  return InventoryDocument.parse(doc);
}
