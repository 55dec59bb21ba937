import type { Credential } from './home.js';

/** A REST call to the server as this device (Basic device credential), for the local Get-help page. */
export async function deviceFetch(credential: Credential, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  const auth = Buffer.from(`${credential.deviceId}:${credential.deviceSecret}`).toString('base64');
  const res = await fetch(new URL(path, credential.serverUrl), {
    method: init.method ?? 'GET',
    headers: { authorization: `Basic ${auth}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}
