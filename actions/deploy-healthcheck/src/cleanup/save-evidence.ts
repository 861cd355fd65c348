import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { describeError, type SecretRegistry, writeFileAtomic } from '@postflight/core'
import type { ComposeProject } from '../compose/project.ts'
import { isSecretName } from '../security/secret-names.ts'

export interface SavedEvidence {
  dir: string
  files: string[]
  problems: string[]
}

// Inspect output carries the environment, secrets included: values of secret-looking names are masked
// before the file is written, as the logs dir becomes an artifact anyone with read access can download.
function maskEnv(inspect: unknown): unknown {
  if (!Array.isArray(inspect)) return inspect
  return inspect.map((c) => {
    const config = (c as { Config?: { Env?: unknown } }).Config
    if (!config || !Array.isArray(config.Env)) return c
    const env = config.Env.map((e) => {
      const [name, ...rest] = String(e).split('=')
      return name && rest.length > 0 && isSecretName(name) ? `${name}=***` : e
    })
    return { ...c, Config: { ...config, Env: env } }
  })
}

const safe = (name: string): string => name.replace(/[^\w.-]+/g, '_')

/**
 * Saves every container's logs and inspect output to `dir` before anything is removed: what the job
 * log cannot hold is what tells a failed deployment's story. Best effort per container — a container
 * gone already is noted, never fatal; secrets are redacted.
 */
export async function saveEvidence(
  project: ComposeProject,
  dir: string,
  secrets: SecretRegistry,
): Promise<SavedEvidence> {
  const out: SavedEvidence = { dir, files: [], problems: [] }
  await mkdir(dir, { recursive: true })
  let ids: string[] = []
  try {
    // By label: also the orphans and one-off containers of the project, and no compose start-up cost.
    ids = await project.containerIdsByLabel({ timeoutMs: 30_000 })
  } catch (err) {
    out.problems.push(`could not list the containers: ${describeError(err)}`)
    return out
  }
  const saveOne = async (id: string): Promise<void> => {
    try {
      const inspected = await project.containerCli(['inspect', id], { timeoutMs: 30_000 })
      const parsed: unknown = inspected.exitCode === 0 ? JSON.parse(inspected.stdout) : undefined
      const first = Array.isArray(parsed) ? (parsed[0] as { Name?: string } | undefined) : undefined
      const name = safe((first?.Name ?? id).replace(/^\//, ''))
      if (parsed !== undefined) {
        const file = path.join(dir, `${name}.inspect.json`)
        await writeFileAtomic(file, secrets.redact(`${JSON.stringify(maskEnv(parsed), null, 2)}\n`))
        out.files.push(file)
      }
      const logs = await project.containerCli(['logs', '--timestamps', id], { timeoutMs: 30_000 })
      const file = path.join(dir, `${name}.log`)
      // runProcess already redacted registered secrets; stdout and stderr are kept apart as docker has them.
      await writeFileAtomic(file, `${logs.stdout}${logs.stderr ? `\n--- stderr ---\n${logs.stderr}` : ''}`)
      out.files.push(file)
    } catch (err) {
      out.problems.push(`${id.slice(0, 12)}: ${describeError(err)}`)
    }
  }
  await Promise.all(ids.map(saveOne))
  out.files.sort()
  return out
}
