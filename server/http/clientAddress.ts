import net from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * The proxies whose X-Forwarded-For is believed (DESKSIDE_TRUSTED_PROXIES: addresses or CIDR
 * ranges, comma-separated). Anyone else could write any address into that header.
 */
export function trustedProxies(spec: string | undefined): net.BlockList {
  const list = new net.BlockList();
  for (const raw of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [address, bits] = raw.split('/');
    const family = net.isIPv6(address!) ? 'ipv6' : 'ipv4';
    if (!net.isIP(address!)) throw new Error(`"${raw}" is not an IP address or CIDR range`);
    if (bits === undefined) list.addAddress(address!, family);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 'ipv4' ? 32 : 128)) throw new Error(`"${raw}" has a bad prefix length`);
      list.addSubnet(address!, prefix, family);
    }
  }
  return list;
}

const plain = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
const trusted = (proxies: net.BlockList, address: string) => {
  const a = plain(address);
  return net.isIP(a) !== 0 && proxies.check(a, net.isIPv6(a) ? 'ipv6' : 'ipv4');
};

/**
 * The address of the client behind a request: the socket's peer, unless that peer is a trusted
 * proxy, in which case X-Forwarded-For is read from the right, skipping trusted proxies, up to
 * the first address a trusted proxy did not add itself.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, proxies: net.BlockList): string {
  let address = plain(req.socket.remoteAddress ?? 'unknown');
  if (!trusted(proxies, address)) return address;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = plain(hops[i]!);
    if (net.isIP(hop) === 0) break;
    address = hop;
    if (!trusted(proxies, hop)) break;
  }
  return address;
}
