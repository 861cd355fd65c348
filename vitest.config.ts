import { defineConfig } from 'vitest/config'

const LOOPBACK = [process.env.NO_PROXY ?? process.env.no_proxy, '127.0.0.1,localhost,::1,[::1]']
  .filter(Boolean)
  .join(',')

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/__tests__/**/*.test.ts',
      'actions/*/src/**/__tests__/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', 'test/bench/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Tests talk to loopback only: a proxy in the developer's shell must not take those requests
    // (the actions and the CLI they spawn honour HTTP(S)_PROXY, and Node does not exempt loopback).
    env: { NO_PROXY: LOOPBACK, no_proxy: LOOPBACK },
  },
})
