import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { type Check, type Leg, SuiteBuilder } from '@postflight/core'
import type { RegistryFile } from '../../actions/verify-artifacts/src/registries/index.ts'

const leg: Leg = { os: 'linux', arch: 'x64', runner: 'test', label: 'linux-x64' }

export const newSuite = (): SuiteBuilder => new SuiteBuilder('verify-artifacts', leg)

export const ctx = { signal: new AbortController().signal }

/** A registry that is down should fail the check quickly in tests, not after a minute of backoff. */
export const FAST_RETRY = { attempts: 2, baseMs: 10, maxMs: 20 }

/** Id → status of every check, for one readable assertion. */
export function statuses(checks: readonly Check[]): Record<string, string> {
  return Object.fromEntries(checks.map((c) => [c.id, c.status]))
}

export function byId(checks: readonly Check[], id: string): Check {
  const check = checks.find((c) => c.id === id)
  if (!check) throw new Error(`no check ${id} among ${checks.map((c) => c.id).join(', ')}`)
  return check
}

/** A release file and its sha256, as the engine's digest table holds it. */
export async function releaseFile(
  file: string,
): Promise<{ file: RegistryFile; digests: Record<string, string> }> {
  const sha256 = createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
  return { file: { name: path.basename(file), path: file }, digests: { sha256 } }
}

/** A port that refuses connections: a registry that is down. */
export const DOWN = 'http://127.0.0.1:9'
