import os from 'node:os';

/**
 * The address agents and people on other machines use to reach this server, as printed in
 * enroll commands: DESKSIDE_PUBLIC_URL when set, otherwise the address the server listens on.
 * A wildcard (0.0.0.0, ::) is where the server listens, not an address anyone can reach it at,
 * so this machine's first external IPv4 address stands in for it (its host name without one).
 */
export function publicUrl(config: { publicUrl: string | undefined; host: string }, port: number): string {
  if (config.publicUrl) return config.publicUrl;
  let host = config.host;
  if (host === '0.0.0.0' || host === '::' || host === '[::]') host = externalAddress() ?? os.hostname();
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
  return `http://${host}:${port}`;
}

function externalAddress(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces())) {
    const v4 = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) return v4.address;
  }
  return undefined;
}
