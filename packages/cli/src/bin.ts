#!/usr/bin/env node
import { honourProxyEnvironment } from '@postflight/core'
import { main } from './cli.ts'

// `pnpm postflight …` runs this from the workspace root; relative paths the user typed are
// relative to where they typed them, which pnpm passes as INIT_CWD.
if (process.env.npm_lifecycle_event === 'postflight' && process.env.INIT_CWD)
  process.chdir(process.env.INIT_CWD)

const proxy = honourProxyEnvironment()
if (proxy.warning) process.stderr.write(`postflight: ${proxy.warning}\n`)

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
})
