import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql ships CJS (`main`) and ESM (`module`) without `exports`: Node (and so Pothos and Yoga, loaded
    // from node_modules) takes the CJS build, Vite would take the ESM one. Two copies of graphql refuse each
    // other's types, so tests resolve the one Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: more workers only contend for CPU (Argon2, native builds, three databases).
    maxWorkers: 2,
  },
});
