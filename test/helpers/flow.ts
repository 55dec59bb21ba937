import type { TerminalClient } from './terminal.js';

/**
 * Prints `seq 1 last` in the remote shell and reads it as a slow reader would (short bursts,
 * long pauses), checking that every line is the next number: nothing lost, duplicated or
 * reordered on the way. Resolves with how far it got.
 */
export async function slowSequence(t: TerminalClient, last: number, timeoutMs: number): Promise<{ failure: string | null; lastLine: number; received: number }> {
  let expected = 1;
  let carry = '';
  let received = 0;
  let failure: string | null = null;
  const onMessage = (data: Buffer, isBinary: boolean) => {
    if (!isBinary || failure) return;
    received += data.length;
    const lines = (carry + data.toString('latin1')).split('\n');
    carry = lines.pop()!;
    for (const raw of lines) {
      // What is left on the line after its last carriage return (bash may start it with escapes).
      const line = raw.replace(/\r$/, '').split('\r').pop()!;
      if (expected > last) continue;
      if (line === String(expected)) expected += 1;
      else if (expected > 1) failure = `after ${expected - 1} got ${JSON.stringify(line.slice(0, 40))}`;
    }
    t.discard();
  };
  t.ws.on('message', onMessage);
  const reader = setInterval(() => {
    t.ws.pause();
    setTimeout(() => t.ws.resume(), 60);
  }, 80);
  t.type(`seq 1 ${last}; echo FLOW-DONE\r`);
  const deadline = Date.now() + timeoutMs;
  while (expected <= last && !failure && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  clearInterval(reader);
  t.ws.resume();
  t.ws.off('message', onMessage);
  return { failure, lastLine: expected - 1, received };
}
