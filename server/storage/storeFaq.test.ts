import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORES } from '../../test/helpers/postgres.js';
import type { Store } from './types.js';

const CORPUS = [
  { title: 'Printer jams on every page', category: 'printing', body: 'Open tray 2, remove the stuck sheet and check the rollers.', findings: [] },
  { title: 'Printing is slow', category: 'printing', body: 'Large PDF files are rasterised on the PC first; print them as images.', findings: [] },
  { title: 'VPN disconnects every few minutes', category: 'network', body: 'Switch the VPN client to TCP and turn off power saving on the Wi-Fi adapter.', findings: [] },
  { title: 'Wi-Fi is connected but pages do not load', category: 'network', body: 'Check DNS: run the diagnostics; a dns_failure finding means the resolver is down.', findings: ['dns_failure'] },
  { title: 'Disk is full', category: 'storage', body: 'Empty the recycle bin, clear the browser cache and move videos to the network share.', findings: ['disk_full'] },
  { title: 'Computer is slow after an update', category: 'performance', body: 'Restart twice: the update finishes installing on the second restart.', findings: ['reboot_pending', 'recent_software_change'] },
  { title: 'Outlook asks for the password again and again', category: 'email', body: 'Remove the saved credentials in Credential Manager, then sign in once.', findings: [] },
  { title: 'Battery drains in two hours', category: 'hardware', body: 'A worn battery holds less charge: ask for a replacement.', findings: ['battery_worn'] },
  { title: 'Clock is wrong and sign-in fails', category: 'accounts', body: 'Sync the time with the domain: a clock_skew finding shows the offset.', findings: ['clock_skew'] },
  { title: 'Second monitor is not detected', category: 'hardware', body: 'Reseat the cable, then press Win+P and choose Extend.', findings: [] },
];

/** FAQ search on every implementation: the same answers from FTS5 and from a tsvector. */
describe.each(STORES)('Store contract, FAQ: %s', (_name, open) => {
  let store: Store;
  const ids: number[] = [];
  beforeEach(async () => {
    store = await open();
    ids.length = 0;
    for (const a of CORPUS) ids.push(await store.faq.create({ ...a, createdAt: '2026-01-01T00:00:00.000Z' }));
  });
  afterEach(() => store.close());

  const titles = async (words: string) => (await store.faq.search({ words: words.split(/\s+/), limit: 10 })).map((a) => a.title);

  it.each([
    ['printer', ['Printer jams on every page']],
    ['print', ['Printer jams on every page', 'Printing is slow']],
    ['prin', ['Printer jams on every page', 'Printing is slow']],
    ['vpn', ['VPN disconnects every few minutes']],
    ['monitor', ['Second monitor is not detected']],
    ['outlook password', ['Outlook asks for the password again and again']],
    ['batteries', ['Battery drains in two hours']],
    ['zebra', []],
  ])('finds %j', async (words, expected) => {
    expect((await titles(words)).sort()).toEqual([...expected].sort());
  });

  it('ranks a match in the title above one in the body', async () => {
    expect((await titles('slow'))[0]).toMatch(/slow/i);
    expect(await titles('slow')).toEqual(expect.arrayContaining(['Printing is slow', 'Computer is slow after an update']));
  });

  it('reads operators and punctuation as plain words', async () => {
    expect(await titles('"vpn" OR -printer* (')).toContain('VPN disconnects every few minutes');
    expect(await titles('!!! ???')).toEqual([]);
  });

  it('filters by category and by finding, and follows edits and deletes', async () => {
    expect((await store.faq.search({ category: 'network', limit: 10 })).map((a) => a.title).sort()).toEqual(['VPN disconnects every few minutes', 'Wi-Fi is connected but pages do not load']);
    expect((await store.faq.search({ finding: 'disk_full', limit: 10 })).map((a) => a.title)).toEqual(['Disk is full']);
    expect(await store.faq.search({ finding: 'disk', limit: 10 })).toEqual([]);
    await store.faq.update(ids[9]!, { title: 'Projector shows nothing', updatedAt: '2026-01-02T00:00:00.000Z' });
    expect(await titles('projector')).toEqual(['Projector shows nothing']);
    expect(await titles('monitor')).toEqual([]);
    await store.faq.delete(ids[9]!);
    expect(await titles('projector')).toEqual([]);
    expect(await store.faq.count(ids[0]!, 'views')).toBe(true);
    expect(await store.faq.findById(ids[0]!)).toMatchObject({ views: 1, solved: 0 });
  });
});
