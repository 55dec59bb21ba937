import { describe, expect, it } from 'vitest';
import { isLoopback, isLoopbackHost } from './auth.js';

describe('loopback checks', () => {
  it('takes loopback peer addresses in every notation', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '', undefined]) expect(isLoopback(a), String(a)).toBe(false);
  });

  it('takes only loopback host names, with or without a port', () => {
    for (const h of ['localhost', 'localhost:8080', '127.0.0.1:8080', '127.0.0.2', '[::1]:8080', '[::1]']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['attacker.example:8080', 'localhost.attacker.example', '127.0.0.1.nip.io:8080', '10.0.0.5:8080', '', undefined, '[::2]:8080']) {
      expect(isLoopbackHost(h), String(h)).toBe(false);
    }
  });
});
