import path from 'node:path'
import { isSecretName, type ProcessResult, runProcess, type SecretRegistry } from '@postflight/core'

/** Where and how every program of a smoke run is started. */
export interface StepContext {
  env: NodeJS.ProcessEnv
  cwd: string
  /** A private folder for files the run writes (Windows command scripts). */
  scratch: string
  timeoutMs: number
  secrets: SecretRegistry
  signal: AbortSignal
}

/** Release values handed to commands, as environment variables only: never spliced into a command line. */
export interface ReleaseValues {
  bin: string
  version?: string | undefined
  tag?: string | undefined
  platform: string
}

/**
 * Credentials of the job that a release binary must never see: it is what this action tests, and a
 * tampered one could mint OIDC tokens, poison the cache or push with the token, in any encoding that
 * output redaction would not recognise. A command that needs one passes it in its own `env:`.
 * The runner's command files go too (GITHUB_ENV, GITHUB_PATH, GITHUB_OUTPUT, GITHUB_STATE,
 * GITHUB_STEP_SUMMARY): through them a binary could set variables or PATH for the job's later steps,
 * or write a summary that reads as passed. Not a sandbox — the binary runs as the job's user — but
 * it is not handed the paths.
 */
const WITHHELD =
  /^(GITHUB_TOKEN|GH_TOKEN|GH_ENTERPRISE_TOKEN|GITHUB_ENTERPRISE_TOKEN|POSTFLIGHT_TOKEN|ACTIONS_.*|INPUT_.*|NPM_TOKEN|NODE_AUTH_TOKEN|GITHUB_(ENV|PATH|OUTPUT|STATE|STEP_SUMMARY))$/i

/**
 * The environment of the binary and the commands: this process's, without the job's credentials,
 * with the binary's folder first on PATH and the release values as POSTFLIGHT_* variables. Windows
 * spells PATH as it likes (`Path`), so the existing key is reused rather than adding a second one.
 */
export function stepEnv(
  base: NodeJS.ProcessEnv,
  values: ReleaseValues,
  withheldValues: readonly (string | undefined)[] = [],
): NodeJS.ProcessEnv {
  // The token in use is withheld under any name it was given (POSTFLIGHT_TOKEN is the token input).
  const secret = new Set(withheldValues.filter((v): v is string => typeof v === 'string' && v.length > 0))
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(base).filter(([k, v]) => !WITHHELD.test(k) && !(v !== undefined && secret.has(v))),
  )
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH'
  env[key] = [path.dirname(values.bin), env[key]].filter(Boolean).join(path.delimiter)
  env.POSTFLIGHT_BIN = values.bin
  env.POSTFLIGHT_PLATFORM = values.platform
  if (values.version) env.POSTFLIGHT_VERSION = values.version
  if (values.tag) env.POSTFLIGHT_TAG = values.tag
  return env
}

// Per stream while running (head and tail kept beyond it), then per stream in the evidence.
const MAX_OUTPUT = 256 * 1024
const EVIDENCE_CHARS = 4000

/** Runs one program of the smoke run under its bound; the whole tree is killed when it runs over. */
export function runStep(
  ctx: StepContext,
  command: string,
  args: readonly string[],
  overrides: { timeoutMs?: number | undefined; env?: Record<string, string> | undefined } = {},
): Promise<ProcessResult> {
  return runProcess(command, args, {
    cwd: ctx.cwd,
    env: overrides.env ? { ...ctx.env, ...overrides.env } : ctx.env,
    timeoutMs: overrides.timeoutMs ?? ctx.timeoutMs,
    signal: ctx.signal,
    secrets: ctx.secrets,
    maxOutputBytes: MAX_OUTPUT,
    // A hung program gets one second to exit on SIGTERM, so the check ends within its timeout + 1s.
    killGraceMs: 1000,
  })
}

/** What a run printed and how it ended, capped for the results file (runProcess already redacted it). */
export function outputEvidence(r: ProcessResult): Record<string, unknown> {
  return {
    exitCode: r.exitCode,
    ...(r.signal ? { signal: r.signal } : {}),
    ...(r.timedOut ? { timedOut: true } : {}),
    durationMs: r.durationMs,
    stdout: tail(r.stdout),
    stderr: tail(r.stderr),
    ...(r.truncated || r.stdout.length > EVIDENCE_CHARS || r.stderr.length > EVIDENCE_CHARS
      ? { truncated: true }
      : {}),
  }
}

function tail(text: string): string {
  const clean = text.replaceAll('\r\n', '\n')
  return clean.length > EVIDENCE_CHARS ? `…${clean.slice(-EVIDENCE_CHARS)}` : clean
}

/** How a run ended, in words: "exit 3", "killed by SIGTERM", "timed out after 2s (killed with its children)". */
export function howItEnded(r: ProcessResult, timeoutMs: number): string {
  if (r.timedOut) return `did not finish within ${timeoutMs} ms (killed with its children)`
  if (r.exitCode === null) return `killed by ${r.signal ?? 'a signal'}`
  return `exit ${r.exitCode}`
}

/**
 * Registers the values of secret-looking variables (GITHUB_TOKEN, a command's `env: { API_KEY }`)
 * for redaction: the binary and the commands inherit them and may print them, and their output goes
 * to the log and the results file.
 */
export function registerEnvSecrets(
  secrets: SecretRegistry,
  ...envs: Array<Record<string, string | undefined> | undefined>
): void {
  for (const env of envs) for (const [k, v] of Object.entries(env ?? {})) if (isSecretName(k)) secrets.add(v)
}
