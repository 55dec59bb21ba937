import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Metrics of one server instance, in a registry of its own (tests run several servers in one process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'deskside_' });
  // prom-client adds gauges named *_total, a suffix Prometheus reserves for counters (promtool
  // check metrics refuses them). Each is the sum of its labelled twin, which stays:
  // sum(deskside_nodejs_active_handles) gives the same number.
  for (const name of ['active_handles_total', 'active_requests_total', 'active_resources_total']) registry.removeSingleMetric(`deskside_nodejs_${name}`);
  return {
    registry,
    agentsConnected: new Gauge({ name: 'deskside_agents_connected', help: 'Agents connected now', registers: [registry] }),
    agentMessages: new Counter({
      name: 'deskside_agent_messages_total',
      help: 'Agent protocol messages received, by type (invalid frames as "invalid")',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    agentMessagesDropped: new Counter({
      name: 'deskside_agent_messages_dropped_total',
      help: 'Agent messages dropped unhandled because the agent sent faster than they were handled, by type',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    ingestSeconds: new Histogram({
      name: 'deskside_inventory_ingest_seconds',
      help: 'Time to store one full inventory document',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    terminalSessions: new Gauge({ name: 'deskside_terminal_sessions', help: 'Remote shell sessions open now (pending or running)', registers: [registry] }),
    terminalBytes: new Counter({
      name: 'deskside_terminal_bytes_total',
      help: 'Terminal bytes relayed: "out" from the PC to technicians, "in" from technicians to the PC',
      labelNames: ['direction'] as const,
      registers: [registry],
    }),
    terminalBufferPeak: new Gauge({
      name: 'deskside_terminal_buffer_peak_bytes',
      help: 'Most bytes ever queued towards one technician socket (flow control keeps this near the high-water mark)',
      registers: [registry],
    }),
    httpSeconds: new Histogram({
      name: 'deskside_http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
