import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { describeError, type SecretRegistry, writeFileAtomic } from '@postflight/core'
import type { ComposeProject } from '../compose/project.ts'
import { isSecretName, registerEnvSecrets } from '../security/secret-names.ts'

export interface SavedEvidence {
  dir: string
  files: string[]
  problems: string[]
}

// Inspect output carries the environment, secrets included: values of secret-looking names are masked
// before the file is written, as the logs dir becomes an artifact anyone with read access can download.
// A password inside a URL (`DATABASE_URL=postgres://app:pw@db/app`, or a command's argument) is masked
// whatever the variable is called.
export function maskInspect(inspect: unknown): unknown {
  if (!Array.isArray(inspect)) return inspect
  return inspect.map((c) => {
    const config = (c as { Config?: Record<string, unknown> }).Config
    const args = (c as { Args?: unknown }).Args
    const masked: Record<string, unknown> = { ...(c as object) }
    if (Array.isArray(args)) masked.Args = args.map((a) => maskUrlPassword(String(a)))
    if (!config) return masked
    const out: Record<string, unknown> = { ...config }
    if (Array.isArray(config.Env)) {
      out.Env = config.Env.map((e) => {
        const [name, ...rest] = String(e).split('=')
        if (name && rest.length > 0 && isSecretName(name)) return `${name}=***`
        return maskUrlPassword(String(e))
      })
    }
    for (const key of ['Cmd', 'Entrypoint'] as const) {
      const list = config[key]
      if (Array.isArray(list)) out[key] = list.map((a) => maskUrlPassword(String(a)))
    }
    masked.Config = out
    return masked
  })
}

/** `scheme://user:password@host` → `scheme://user:***@host`. */
export function maskUrlPassword(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, '$1***@')
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
  /** Before each file name: a rollback's files sit beside the failed version's without overwriting them. */
  prefix = '',
): Promise<SavedEvidence> {
  const out: SavedEvidence = { dir, files: [], problems: [] }
  try {
    await mkdir(dir, { recursive: true })
  } catch (err) {
    // Never a throw: the teardown that follows must still run.
    out.problems.push(`could not create ${dir}: ${describeError(err)}`)
    return out
  }
  let ids: string[] = []
  try {
    // By label: also the orphans and one-off containers of the project, and no compose start-up cost.
    ids = await project.containerIdsByLabel({ timeoutMs: 30_000 })
  } catch (err) {
    out.problems.push(`could not list the containers: ${describeError(err)}`)
    return out
  }
  // Inspect first, all at once: the secrets in the containers' environments are registered before
  // any log is read, so a service that prints its own password has it redacted in every log.
  const names = new Map(ids.map((id) => [id, `${prefix}${safe(id.slice(0, 12))}`]))
  if (ids.length > 0) {
    try {
      const inspected = await project.containerCli(['inspect', ...ids], { timeoutMs: 30_000 })
      const parsed: unknown = JSON.parse(inspected.stdout || '[]')
      for (const raw of Array.isArray(parsed) ? parsed : []) {
        const c = raw as { Id?: string; Name?: string; Config?: { Env?: unknown } }
        registerEnvSecrets(Array.isArray(c.Config?.Env) ? c.Config.Env.map(String) : [], secrets)
        const name = `${prefix}${safe((c.Name ?? c.Id ?? 'container').replace(/^\//, ''))}`
        if (c.Id) names.set(c.Id, name)
        const file = path.join(dir, `${name}.inspect.json`)
        await writeFileAtomic(file, secrets.redact(`${JSON.stringify(maskInspect([raw]), null, 2)}\n`))
        out.files.push(file)
      }
    } catch (err) {
      out.problems.push(`could not inspect the containers: ${describeError(err)}`)
    }
  }
  const saveLogs = async (id: string): Promise<void> => {
    try {
      const logs = await project.containerCli(['logs', '--timestamps', id], { timeoutMs: 30_000 })
      const file = path.join(dir, `${names.get(id)}.log`)
      // runProcess redacted every registered secret; stdout and stderr are kept apart as docker has them.
      await writeFileAtomic(file, `${logs.stdout}${logs.stderr ? `\n--- stderr ---\n${logs.stderr}` : ''}`)
      out.files.push(file)
    } catch (err) {
      out.problems.push(`${id.slice(0, 12)}: ${describeError(err)}`)
    }
  }
  await Promise.all(ids.map(saveLogs))
  out.files.sort()
  return out
}
