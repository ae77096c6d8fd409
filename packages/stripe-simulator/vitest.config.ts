import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'stripe-simulator',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The simulator's servers and the Stripe CLI child processes are happiest in forked workers.
    pool: 'forks',
  },
});
