import { describe, expect, it } from 'vitest';
import type { Device } from '../storage/types.js';
import { DeviceLookup } from './deviceLookup.js';

function fakeDevices(ids: string[], failures = 0) {
  const calls: string[][] = [];
  const devices = {
    async findByIds(wanted: readonly string[]) {
      calls.push([...wanted]);
      if (calls.length <= failures) throw new Error('connection terminated');
      return wanted.filter((id) => ids.includes(id)).map((id) => ({ id, hostname: `pc-${id}` }) as Device);
    },
  };
  return { calls, store: { devices } as never };
}

describe('DeviceLookup', () => {
  it('reads the devices asked for within one turn in one statement, once per id', async () => {
    const { calls, store } = fakeDevices(['a', 'b']);
    const lookup = new DeviceLookup(store);
    const found = await Promise.all(['a', 'b', 'a', 'zz'].map((id) => lookup.findById(id)));
    expect(found.map((d) => d?.hostname)).toEqual(['pc-a', 'pc-b', 'pc-a', undefined]);
    expect(calls).toEqual([['a', 'b', 'zz']]);
  });

  it('splits a burst into statements of at most 500 ids', async () => {
    const ids = Array.from({ length: 1200 }, (_, i) => `d${i}`);
    const { calls, store } = fakeDevices(ids);
    const lookup = new DeviceLookup(store);
    const found = await Promise.all(ids.map((id) => lookup.findById(id)));
    expect(found.every((d, i) => d?.id === ids[i])).toBe(true);
    expect(calls.map((c) => c.length)).toEqual([500, 500, 200]);
  });

  it('fails every waiting lookup of a batch whose read failed, and serves the next batch', async () => {
    const { store } = fakeDevices(['a'], 1);
    const lookup = new DeviceLookup(store);
    const results = await Promise.allSettled([lookup.findById('a'), lookup.findById('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await lookup.findById('a'))?.id).toBe('a');
  });
});
