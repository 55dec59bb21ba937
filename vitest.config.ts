import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['agent/**/*.test.ts', 'cli/**/*.test.ts', 'server/**/*.test.ts', 'shared/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests start servers and agent processes; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
