import { type CheckInput, type SecretRegistry, SuiteBuilder } from '@postflight/core'
import { commandAttempt, registerEnvSecrets, type StepContext } from '@postflight/platform-smoke'
import { type FunctionalCommand, functionalId } from './commands-input.ts'

export interface FunctionalContext {
  /** POSTFLIGHT_URL_<SERVICE> for every endpoint found, on top of this process's environment. */
  urls: Record<string, string>
  cwd: string
  scratch: string
  timeoutMs: number
  secrets: SecretRegistry
  signal: AbortSignal
}

const CREDENTIALS = /^(GITHUB_TOKEN|GH_TOKEN|ACTIONS_.*|INPUT_.*|NPM_TOKEN|NODE_AUTH_TOKEN)$/i

/** `api-gateway` → `POSTFLIGHT_URL_API_GATEWAY`. */
export function urlVariable(service: string): string {
  return `POSTFLIGHT_URL_${service.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`
}

/**
 * Runs the functional checks against the healthy stack, as platform-smoke runs its commands (sh -ec,
 * bounded, output redacted): those marked `parallel` together, then the others one by one, each a
 * `functional:<name>` check. The job's credentials are withheld; endpoints come as POSTFLIGHT_URL_*.
 */
export async function runFunctional(
  commands: FunctionalCommand[],
  ctx: FunctionalContext,
): Promise<CheckInput[]> {
  registerEnvSecrets(ctx.secrets, process.env, ...commands.map((c) => c.env))
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !CREDENTIALS.test(k)),
  )
  for (const [service, url] of Object.entries(ctx.urls)) env[urlVariable(service)] = url
  const step: StepContext = {
    env,
    cwd: ctx.cwd,
    scratch: ctx.scratch,
    timeoutMs: ctx.timeoutMs,
    secrets: ctx.secrets,
    signal: ctx.signal,
  }
  // A throwaway builder only to time each check and turn a throw into an error check.
  const timing = new SuiteBuilder('functional', { os: '', arch: '', runner: '', label: '' })
  const one = (cmd: FunctionalCommand, i: number): Promise<CheckInput> => {
    const name = cmd.name ?? String(i + 1)
    return timing.run(functionalId(cmd, i), `Functional check ${name}: ${cmd.run}`, () =>
      commandAttempt(step, cmd),
    )
  }
  const indexed = commands.map((cmd, i) => ({ cmd, i }))
  const parallel = await Promise.all(indexed.filter((c) => c.cmd.parallel).map(({ cmd, i }) => one(cmd, i)))
  const serial: CheckInput[] = []
  for (const { cmd, i } of indexed.filter((c) => !c.cmd.parallel)) {
    ctx.signal.throwIfAborted()
    serial.push(await one(cmd, i))
  }
  // Back in declaration order, whichever ran first.
  const byId = new Map([...parallel, ...serial].map((c) => [c.id, c]))
  return indexed.map(({ cmd, i }) => byId.get(functionalId(cmd, i)) as CheckInput)
}
