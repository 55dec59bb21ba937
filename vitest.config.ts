import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code and run from the sources; end-to-end tests in test/ start the
// built programs (dist/) as child processes, as users run them. `npm run test:unit` is the fast loop.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['agent/**/*.test.ts', 'cli/**/*.test.ts', 'server/**/*.test.ts', 'shared/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 15_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          // Refuses to run against a dist/ older than the sources.
          globalSetup: ['test/helpers/freshBuild.ts'],
          // Real servers, agents, shells and a browser on a shared 2-core machine: every wait
          // inside a test is bounded and named (waitFor); these only catch a hung test.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
