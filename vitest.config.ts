import { defineConfig } from 'vitest/config';

// Two projects: fast in-process unit tests, and end-to-end tests that spawn the built binary
// (test/cli, test/faults, test/tty, test/property, test/bench). The end-to-end project builds
// dist/ itself in its global setup. `npm run test:unit` / `npm run test:e2e` run one of them.
const E2E = [
  'test/cli/**/*.test.ts',
  'test/faults/**/*.test.ts',
  'test/tty/**/*.test.ts',
  'test/property/**/*.test.ts',
  'test/bench/**/*.test.ts',
  'test/e2e/**/*.test.ts',
  'test/batch/batch-*.test.ts',
  'test/ui/pty-helper.test.ts',
];

const shared = {
  setupFiles: ['test/setup/terminal-env.ts'],
  testTimeout: 20_000,
  hookTimeout: 20_000,
};

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['node_modules/**', ...E2E],
        },
      },
      {
        test: {
          ...shared,
          name: 'e2e',
          include: E2E,
          globalSetup: ['test/setup/build-binary.ts'],
        },
      },
    ],
  },
});
