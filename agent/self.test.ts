import { describe, expect, it } from 'vitest';
import { runSelf } from './self.js';

const node = (code: string) => ({ file: process.execPath, args: ['-e', code] });
const run = (code: string, o: { maxBytes?: number; timeoutMs?: number } = {}) =>
  runSelf(['inventory'], { maxBytes: o.maxBytes ?? 1e6, timeoutMs: o.timeoutMs ?? 20_000, command: node(code) });

describe('a collection run as a child process', () => {
  it("hands back the child's whole output", async () => {
    await expect(run('process.stdout.write("x".repeat(200000))')).resolves.toHaveLength(200_000);
  });

  it('fails with the exit status and the last line the child wrote to stderr', async () => {
    await expect(run('console.error("first\\nsystem tool missing"); process.exit(3)')).rejects.toThrow(/inventory exited 3: system tool missing/);
  });

  it('ends a child that writes more than allowed', async () => {
    await expect(run('setInterval(() => process.stdout.write("y".repeat(65536)), 1)', { maxBytes: 500_000 })).rejects.toThrow(/wrote more than 500000 bytes/);
  });

  it('ends a child that takes too long', async () => {
    await expect(run('setTimeout(() => {}, 60000)', { timeoutMs: 500 })).rejects.toThrow(/took longer than/);
  });

  it('says when the program cannot start', async () => {
    await expect(runSelf(['inventory'], { maxBytes: 10, timeoutMs: 1000, command: { file: '/nonexistent/deskside-agent', args: [] } })).rejects.toThrow(/could not start/);
  });
});

describe('a document printed by a child', () => {
  const print = (text: string) => ({ maxBytes: 1e6, timeoutMs: 20_000, command: node(`process.stdout.write(${JSON.stringify(text)})`) });

  it('is refused when it is not JSON, or does not validate, naming the problem', async () => {
    const { documentFromChild } = await import('./collectInChild.js');
    const { InventoryDocument } = await import('../shared/inventory.js');
    await expect(documentFromChild('inventory', InventoryDocument, print('{"os": '))).rejects.toThrow(/inventory printed something that is not JSON/);
    await expect(documentFromChild('inventory', InventoryDocument, print('{"os": 5}'))).rejects.toThrow(/inventory printed a document that does not validate: .*os/);
  });
});
