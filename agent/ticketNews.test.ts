import { describe, expect, it } from 'vitest';
import { describeNews } from './ticketNews.js';

describe('what the person at the PC is told', () => {
  it.each([
    [['comment'], 'open', 'IT support replied on request #4'],
    [['comment', 'status'], 'open', 'IT support replied on request #4'],
    [['status', 'comment'], 'waiting', 'IT support is waiting for your answer on request #4'],
    [['status'], 'resolved', 'Your request #4 is resolved'],
    [['comment', 'status'], 'closed', 'Your request #4 is closed'],
    [['status'], 'open', 'Your request #4 is open'],
  ] as const)('%j ending %s', (changes, status, text) => {
    expect(describeNews(4, new Set(changes), status)).toBe(text);
  });
});
