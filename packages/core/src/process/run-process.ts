import { type ChildProcess, spawn } from 'node:child_process'
import { statSync } from 'node:fs'
import { describeError, PostflightError } from '../errors.ts'
import type { SecretRegistry } from '../log/secrets.ts'
import { signalTree, treeAlive } from './kill-tree.ts'
import { OutputBuffer } from './output-buffer.ts'
import { assertRunnable } from './windows-command.ts'

export interface RunProcessOptions {
  cwd?: string
  /** The whole environment of the child (not merged); default `process.env`. */
  env?: NodeJS.ProcessEnv
  /** Written to stdin, which is then closed. Without it stdin is empty. */
  input?: string | Uint8Array
  /** After this the process tree is killed and the result has `timedOut: true`. */
  timeoutMs?: number
  /** Aborting kills the process tree and rejects with an ABORTED PostflightError. */
  signal?: AbortSignal
  /** Per stream; beyond it the head and the tail are kept. Default 1 MiB. */
  maxOutputBytes?: number
  /** Redacts registered secrets from the returned stdout and stderr. */
  secrets?: SecretRegistry
  /** Between SIGTERM and SIGKILL. Default 3000. */
  killGraceMs?: number
}

export interface ProcessResult {
  /** Null when the process was ended by a signal. */
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Whether stdout or stderr went over `maxOutputBytes` and lost its middle. */
  truncated: boolean
  timedOut: boolean
  durationMs: number
}

const DEFAULT_MAX_OUTPUT = 1024 * 1024
// How long a process that has exited may keep its pipes open (through a background grandchild) before
// we stop reading; otherwise `cmd &` would hang the caller until the grandchild ends.
const DRAIN_MS = 1000

function spawnError(command: string, cwd: string | undefined, err: unknown): PostflightError {
  const code = (err as NodeJS.ErrnoException).code
  let why = describeError(err)
  if (code === 'ENOENT' && cwd !== undefined && !statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) {
    why = `the working directory ${cwd} does not exist`
  } else if (code === 'ENOENT') {
    why = 'no such program (ENOENT); check that it is installed and on PATH'
  } else if (code === 'EACCES') {
    why = 'permission denied (EACCES); check that the file is executable'
  }
  return new PostflightError('PROCESS', `Could not start "${command}": ${why}.`, {
    cause: err,
    field: command,
  })
}

function checkOptions(options: RunProcessOptions): void {
  const { timeoutMs, maxOutputBytes, killGraceMs } = options
  const bad = (v: number | undefined, min: number): boolean =>
    v !== undefined && !(Number.isFinite(v) && v >= min)
  if (bad(timeoutMs, 1) || bad(maxOutputBytes, 0) || bad(killGraceMs, 0)) {
    throw new PostflightError(
      'BAD_INPUT',
      `runProcess needs timeoutMs >= 1 and non-negative maxOutputBytes and killGraceMs; got ${JSON.stringify({ timeoutMs, maxOutputBytes, killGraceMs })}.`,
    )
  }
}

/**
 * Runs a program with an argument array and no shell, so arguments reach it literally. On timeout or
 * abort the whole process tree is killed (SIGTERM, then SIGKILL after `killGraceMs`). A non-zero exit
 * is a result, not an error; failing to start is a PROCESS PostflightError naming the command.
 */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions = {},
): Promise<ProcessResult> {
  checkOptions(options)
  assertRunnable(command)
  const { signal, secrets, input, timeoutMs, killGraceMs = 3000 } = options
  const redact = (text: string): string => (secrets ? secrets.redact(text) : text)
  const redactError = (err: PostflightError): PostflightError =>
    secrets ? new PostflightError(err.code, redact(err.message), { cause: err.cause, field: err.field }) : err
  const aborted = (): PostflightError =>
    new PostflightError('ABORTED', redact(`"${command}" was stopped: ${describeError(signal?.reason)}`), {
      cause: signal?.reason,
      field: command,
    })
  if (signal?.aborted) throw aborted()

  const started = performance.now()
  let child: ChildProcess
  try {
    child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: false,
      // Its own process group (POSIX), so a timeout can kill the grandchildren too.
      detached: process.platform !== 'win32',
      windowsHide: true,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
  } catch (err) {
    throw redactError(spawnError(command, options.cwd, err))
  }

  const stdout = new OutputBuffer(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT)
  const stderr = new OutputBuffer(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT)
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk))
  if (child.stdin) {
    // The program may exit without reading its input (EPIPE); its exit status tells the story.
    child.stdin.on('error', () => undefined)
    child.stdin.end(input)
  }

  return new Promise<ProcessResult>((resolve, reject) => {
    let timedOut = false
    let terminating = false
    let settled = false
    let killTimer: NodeJS.Timeout | undefined
    const timers: NodeJS.Timeout[] = []

    const terminate = (): void => {
      if (terminating || child.pid === undefined) return
      terminating = true
      const pid = child.pid
      signalTree(pid, 'SIGTERM')
      // Outlives the child's close while the tree lives: a grandchild that ignores SIGTERM still has to
      // go. Unref'd so it never keeps Node alive on its own.
      killTimer = setTimeout(() => signalTree(pid, 'SIGKILL'), killGraceMs).unref()
    }
    const onAbort = (): void => terminate()

    const cleanup = (): boolean => {
      if (settled) return false
      settled = true
      for (const timer of timers) clearTimeout(timer)
      // With the tree already gone, a late SIGKILL could only hit a recycled process group.
      if (killTimer && child.pid !== undefined && !treeAlive(child.pid)) clearTimeout(killTimer)
      signal?.removeEventListener('abort', onAbort)
      return true
    }
    const finish = (exitCode: number | null, exitSignal: NodeJS.Signals | null): void => {
      if (!cleanup()) return
      if (signal?.aborted) {
        reject(aborted())
        return
      }
      resolve({
        exitCode,
        signal: exitSignal,
        stdout: redact(stdout.text()),
        stderr: redact(stderr.text()),
        truncated: stdout.truncated || stderr.truncated,
        timedOut,
        durationMs: Math.round(performance.now() - started),
      })
    }

    // Only a failed spawn emits 'error' here: the child is never signalled through child.kill.
    child.once('error', (err) => {
      if (child.pid === undefined && cleanup()) reject(redactError(spawnError(command, options.cwd, err)))
    })
    child.once('exit', (code, exitSignal) => {
      timers.push(
        setTimeout(() => {
          child.stdout?.destroy()
          child.stderr?.destroy()
          terminate()
          finish(code, exitSignal)
        }, DRAIN_MS),
      )
    })
    child.once('close', (code, exitSignal) => finish(code, exitSignal))
    signal?.addEventListener('abort', onAbort, { once: true })
    if (timeoutMs !== undefined) {
      timers.push(
        setTimeout(() => {
          timedOut = true
          terminate()
        }, timeoutMs),
      )
    }
  })
}
