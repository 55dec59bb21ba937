import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take longest: started first, so the two workers finish together. Vitest orders by
 * the last run's durations when it has them, but a fresh clone (CI) has none and falls back to
 * file size, which started the 40 s benchmark smoke test last.
 */
const LONGEST = ['test/e2e/console.test.ts', 'test/e2e/bench.test.ts', 'test/e2e/terminalFaults.test.ts', 'test/e2e/terminal.test.ts'];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST.findIndex((p) => f.moduleId.endsWith(p));
      return i < 0 ? LONGEST.length : i;
    };
    // Array.prototype.sort is stable: everything else keeps vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// Unit tests sit beside the code and run from the sources; end-to-end tests in test/ start the
// built programs (dist/) as child processes, as users run them. `npm run test:unit` is the fast loop.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['agent/**/*.test.ts', 'bench/**/*.test.ts', 'cli/**/*.test.ts', 'server/**/*.test.ts', 'shared/**/*.test.ts', 'scripts/**/*.test.ts'],
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
