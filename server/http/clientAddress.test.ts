import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxies } from './clientAddress.js';

const req = (peer: string, xff?: string) => ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as never;

describe('the client address behind a request', () => {
  const proxies = trustedProxies('10.0.0.2, 192.168.50.0/24');

  it('is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(clientAddress(req('203.0.113.9', '1.2.3.4'), proxies)).toBe('203.0.113.9');
    expect(clientAddress(req('::ffff:203.0.113.9'), proxies)).toBe('203.0.113.9');
  });

  it('is read from X-Forwarded-For from the right, past trusted proxies only', () => {
    expect(clientAddress(req('10.0.0.2', '198.51.100.7'), proxies)).toBe('198.51.100.7');
    // A client that forged the start of the header gains nothing: the proxy appended the real one.
    expect(clientAddress(req('10.0.0.2', '1.2.3.4, 198.51.100.7'), proxies)).toBe('198.51.100.7');
    expect(clientAddress(req('10.0.0.2', '198.51.100.7, 192.168.50.4'), proxies)).toBe('198.51.100.7');
    expect(clientAddress(req('10.0.0.2'), proxies)).toBe('10.0.0.2');
    expect(clientAddress(req('10.0.0.2', 'garbage'), proxies)).toBe('10.0.0.2');
  });

  it('trusts nobody by default and names a bad entry', () => {
    expect(clientAddress(req('10.0.0.2', '198.51.100.7'), trustedProxies(undefined))).toBe('10.0.0.2');
    expect(() => trustedProxies('10.0.0.0/33')).toThrow(/prefix/);
    expect(() => trustedProxies('proxy.example')).toThrow(/not an IP/);
  });
});
