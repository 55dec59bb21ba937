import { benchServer, percentile, round, type Report } from './lib.js';

/** GET /api/v1/tickets (default sort, first page) with many tickets stored, under concurrent load. */
export async function apiBench(smoke: boolean): Promise<Report> {
  const b = await benchServer();
  try {
    const tickets = smoke ? 500 : 100_000;
    const admin = (await b.server.store.users.findByUsername('admin'))!;
    const priorities = ['critical', 'high', 'normal', 'low'] as const;
    const now = Date.now();
    // Stored through the repository in large transactions: the benchmark measures reading, not filling.
    for (let i = 0; i < tickets; i += 5000) {
      await b.server.store.transaction(async (repos) => {
        for (let j = i; j < Math.min(tickets, i + 5000); j++) {
          await repos.tickets.create({
            summary: `Bench ticket ${j}`,
            details: 'Generated for the API benchmark.',
            priority: priorities[j % 4]!,
            status: j % 5 === 0 ? 'resolved' : 'open',
            requesterId: admin.id,
            deviceId: null,
            idempotencyKey: null,
            createdAt: new Date(now - j * 60_000).toISOString(),
          });
        }
      });
    }
    const url = `${b.server.url}/api/v1/tickets`;
    const headers = { authorization: `Bearer ${b.token}` };
    const seconds = smoke ? 1 : 10;
    const concurrency = 16;
    const latencies: number[] = [];
    const deadline = Date.now() + seconds * 1000;
    const worker = async () => {
      while (Date.now() < deadline) {
        const t = process.hrtime.bigint();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`GET /api/v1/tickets: ${res.status}`);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsed = (Date.now() - started) / 1000;
    return {
      values: { 'api.ticketListRps': round(latencies.length / elapsed, 1), 'api.ticketListP99Ms': round(percentile(latencies, 99), 2) },
      reasons: {},
      notes: [`api: ${tickets} tickets stored; ${concurrency} concurrent keep-alive clients in the same process as the server (they share its CPU)`],
    };
  } finally {
    await b.stop();
  }
}
