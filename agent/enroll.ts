import os from 'node:os';
import { EnrollResponse } from '../shared/api/enrollment.js';
import { VERSION } from '../shared/version.js';
import { files, writeJsonAtomic, type Credential } from './home.js';

/** Exchanges an enrollment token for this device's credential and stores it (mode 0600). */
export async function enroll(home: string, serverUrl: string, token: string): Promise<Credential> {
  let base: URL;
  try {
    base = new URL(serverUrl);
    if (!['http:', 'https:'].includes(base.protocol)) throw new Error();
  } catch {
    throw new Error(`--server must be an http:// or https:// URL, got "${serverUrl}"`);
  }
  let res: Response;
  try {
    res = await fetch(new URL('/api/v1/enroll', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, hostname: os.hostname(), platform: process.platform, agentVersion: VERSION }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw new Error(`cannot reach the server at ${base.origin}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${res.status}`;
    throw new Error(`enrollment refused: ${message}`);
  }
  const parsed = EnrollResponse.safeParse(body);
  if (!parsed.success) throw new Error('enrollment failed: the server answered with an unexpected reply');
  const credential: Credential = {
    serverUrl: base.origin,
    deviceId: parsed.data.deviceId,
    deviceSecret: parsed.data.deviceSecret,
    enrolledAt: new Date().toISOString(),
  };
  writeJsonAtomic(files(home).credential, credential, 0o600);
  return credential;
}
