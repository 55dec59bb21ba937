import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN } from './calendar.js';
import { computeSla, DEFAULT_SLA_POLICY, slaStateAt, type ClockEvent } from './clock.js';

const MIN = 60_000;
const t0 = Date.UTC(2026, 10, 23, 9, 0);
const at = (minutes: number) => t0 + minutes * MIN;
const sla = (events: ClockEvent[]) => computeSla(events, DEFAULT_SLA_POLICY, ALWAYS_OPEN);

describe('SLA clock (24x7 calendar)', () => {
  it('sets due times from creation by priority', () => {
    const s = sla([{ at: at(0), type: 'created', priority: 'high' }]);
    expect(s.responseDueAt).toBe(at(60));
    expect(s.resolveDueAt).toBe(at(8 * 60));
    expect(slaStateAt(s, at(10))).toBe('ok');
    expect(slaStateAt(s, at(48))).toBe('at_risk');
    expect(slaStateAt(s, at(61))).toBe('breached');
  });

  it('stops the response clock at the first response', () => {
    const s = sla([
      { at: at(0), type: 'created', priority: 'high' },
      { at: at(30), type: 'first_response' },
    ]);
    expect(s.responseDueAt).toBeNull();
    expect(slaStateAt(s, at(100))).toBe('ok');
  });

  it('pauses while waiting on the requester and resumes after', () => {
    const s = sla([
      { at: at(0), type: 'created', priority: 'high' },
      { at: at(10), type: 'first_response' },
      { at: at(60), type: 'status', status: 'waiting' },
      { at: at(600), type: 'status', status: 'open' },
    ]);
    // 60 minutes used before the pause: 420 remain from the moment it resumed.
    expect(s.resolveDueAt).toBe(at(600 + 420));
    const paused = sla([
      { at: at(0), type: 'created', priority: 'high' },
      { at: at(60), type: 'status', status: 'waiting' },
    ]);
    expect(slaStateAt(paused, at(10_000))).toBe('paused');
  });

  it('applies a new priority to the time already used', () => {
    const s = sla([
      { at: at(0), type: 'created', priority: 'low' },
      { at: at(30), type: 'first_response' },
      { at: at(120), type: 'priority', priority: 'critical' },
    ]);
    expect(s.resolveDueAt).toBe(at(240));
    const late = sla([
      { at: at(0), type: 'created', priority: 'low' },
      { at: at(300), type: 'priority', priority: 'critical' },
    ]);
    expect(late.breached).toBe(true);
  });

  it('is met when resolved in time, and keeps counting after a reopen', () => {
    const events: ClockEvent[] = [
      { at: at(0), type: 'created', priority: 'critical' },
      { at: at(5), type: 'first_response' },
      { at: at(100), type: 'status', status: 'resolved' },
    ];
    expect(slaStateAt(sla(events), at(10_000))).toBe('met');
    const reopened = sla([...events, { at: at(1000), type: 'status', status: 'open' }]);
    expect(reopened.resolveDueAt).toBe(at(1000 + 140));
  });
});
