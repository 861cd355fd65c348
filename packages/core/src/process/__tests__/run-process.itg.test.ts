import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, test, vi } from 'vitest'
import { isPostflightError } from '../../errors.ts'
import { SecretRegistry } from '../../log/secrets.ts'
import { runProcess } from '../run-process.ts'

const node = process.execPath
const posix = process.platform !== 'win32'
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'postflight-proc-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Gone, or a zombie waiting for an init that may not reap (containers). */
function isAlive(pid: number): boolean {
  if (process.platform === 'linux') {
    if (!existsSync(`/proc/${pid}/stat`)) return false
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0]
    return state !== 'Z' && state !== 'X'
  }
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function expectGone(pid: number): Promise<void> {
  await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 10_000, interval: 50 })
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (err: unknown) => err,
  )
}

// A node script, so the tree test also runs on Windows: it starts a long-lived grandchild, prints its pid.
const spawnGrandchild = `
const { spawn } = require('node:child_process')
const g = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' })
require('node:fs').writeFileSync(process.argv[1], String(g.pid))
setTimeout(() => {}, 30000)
`

describe('#runProcess', () => {
  describe('when arguments hold spaces, quotes and shell syntax', () => {
    const args = [
      'a b',
      '"double"',
      "'single'",
      '$(touch pwned)',
      '`touch pwned2`',
      '$HOME',
      '; echo x',
      '*',
      '',
      'ü',
    ]

    it('passes them to the program literally', async () => {
      const result = await runProcess(
        node,
        ['-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', ...args],
        {
          cwd: dir,
        },
      )
      expect(JSON.parse(result.stdout)).toEqual(args)
      expect(existsSync(path.join(dir, 'pwned'))).toBe(false)
    })

    it.runIf(posix)('passes them to a shell script as positional parameters, unexpanded', async () => {
      const result = await runProcess('sh', ['-c', 'printf "%s\\n" "$@"', 'sh', ...args], { cwd: dir })
      expect(result.stdout).toBe(`${args.join('\n')}\n`)
      expect(await readFile(path.join(dir, 'pwned')).catch(() => 'absent')).toBe('absent')
    })
  })

  describe('when the program exits non-zero', () => {
    it('returns the exit code and both streams', async () => {
      const result = await runProcess(node, [
        '-e',
        'console.log("out"); console.error("err"); process.exit(3)',
      ])
      expect(result).toMatchObject({
        exitCode: 3,
        signal: null,
        stdout: 'out\n',
        stderr: 'err\n',
        timedOut: false,
        truncated: false,
      })
      expect(result.durationMs).toBeGreaterThanOrEqual(0)
    })
  })

  describe('when input and an environment are given', () => {
    it('feeds stdin and uses exactly that environment', async () => {
      const script =
        'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(s.toUpperCase(), process.env.PF_X, process.env.HOME))'
      const result = await runProcess(node, ['-e', script], { input: 'piped', env: { PF_X: 'x-value' } })
      expect(result.stdout).toBe('PIPED x-value undefined\n')
    })
  })

  describe('when the output is over maxOutputBytes', () => {
    it('keeps the head and the tail and marks it truncated', async () => {
      const script = 'for (let i = 0; i < 200000; i++) process.stdout.write("line " + i + "\\n")'
      const result = await runProcess(node, ['-e', script], { maxOutputBytes: 64 * 1024 })
      expect(result.truncated).toBe(true)
      expect(result.exitCode).toBe(0)
      expect(result.stdout.startsWith('line 0\nline 1\n')).toBe(true)
      expect(result.stdout.endsWith('line 199999\n')).toBe(true)
      expect(result.stdout).toMatch(/\[\.\.\. \d+ bytes truncated \.\.\.\]/)
      expect(Buffer.byteLength(result.stdout)).toBeLessThan(64 * 1024 + 100)
    })
  })

  describe('when the output holds a secret', () => {
    it('redacts it from stdout and stderr', async () => {
      const secrets = new SecretRegistry()
      secrets.add('ghp_s3cr3tT0ken')
      const script = 'console.log("token=ghp_s3cr3tT0ken"); console.error("auth ghp_s3cr3tT0ken failed")'
      const result = await runProcess(node, ['-e', script], { secrets })
      expect(result.stdout).toBe('token=***\n')
      expect(result.stderr).toBe('auth *** failed\n')
    })
  })

  describe('when the timeout passes', () => {
    it.runIf(posix)('kills the shell script and its grandchild sleep', async () => {
      const result = await runProcess('sh', ['-c', 'sleep 30 & echo $!; wait'], { timeoutMs: 2000 })
      expect(result.timedOut).toBe(true)
      expect(result.exitCode).toBeNull()
      expect(result.signal).toBe('SIGTERM')
      await expectGone(Number(result.stdout.trim()))
    })

    it('kills a grandchild started by a node program', async () => {
      const pidFile = path.join(dir, 'grandchild.pid')
      const result = await runProcess(node, ['-e', spawnGrandchild, pidFile], { timeoutMs: 3000 })
      expect(result.timedOut).toBe(true)
      await expectGone(Number(await readFile(pidFile, 'utf8')))
    })

    it.runIf(posix)('follows SIGTERM with SIGKILL when the tree ignores SIGTERM', async () => {
      const script = 'trap "" TERM; sleep 30 & echo $!; wait; wait'
      const result = await runProcess('sh', ['-c', script], { timeoutMs: 1000, killGraceMs: 200 })
      expect(result.timedOut).toBe(true)
      expect(result.signal).toBe('SIGKILL')
      await expectGone(Number(result.stdout.trim()))
    })
  })

  describe('when the program exits but a background grandchild keeps its output open', () => {
    it.runIf(posix)('returns after a short drain and ends the grandchild', async () => {
      const result = await runProcess('sh', ['-c', 'sleep 30 & echo $!'])
      expect(result.exitCode).toBe(0)
      expect(result.timedOut).toBe(false)
      await expectGone(Number(result.stdout.trim()))
    })
  })

  describe('when the signal aborts mid-run', () => {
    it('kills the tree and rejects with ABORTED', async () => {
      const pidFile = path.join(dir, 'grandchild.pid')
      const controller = new AbortController()
      const pending = rejection(
        runProcess(node, ['-e', spawnGrandchild, pidFile], { signal: controller.signal }),
      )
      await vi.waitFor(() => expect(existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '').toBe(true), {
        timeout: 10_000,
        interval: 20,
      })
      controller.abort(new Error('user cancelled'))
      const err = await pending
      expect(isPostflightError(err, 'ABORTED')).toBe(true)
      expect((err as Error).message).toContain('user cancelled')
      await expectGone(Number(readFileSync(pidFile, 'utf8')))
    })
  })

  describe('when the signal is already aborted', () => {
    it('rejects with ABORTED without starting anything', async () => {
      const marker = path.join(dir, 'ran')
      const err = await rejection(
        runProcess(node, ['-e', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`], {
          signal: AbortSignal.abort(),
        }),
      )
      expect(isPostflightError(err, 'ABORTED')).toBe(true)
      expect(existsSync(marker)).toBe(false)
    })
  })

  describe('when the program cannot start', () => {
    test.each([
      [
        'a missing program',
        'postflight-no-such-program',
        undefined,
        /"postflight-no-such-program".*ENOENT.*PATH/,
      ],
      [
        'a missing working directory',
        'node',
        '/nonexistent/postflight-dir',
        /working directory .* does not exist/,
      ],
    ])('rejects %s with PROCESS naming the command', async (_name, command, cwd, message) => {
      const err = await rejection(runProcess(command === 'node' ? node : command, ['--version'], { cwd }))
      expect(isPostflightError(err, 'PROCESS')).toBe(true)
      expect((err as Error).message).toMatch(message)
    })
  })

  describe('when the options are invalid', () => {
    test.each([{ timeoutMs: 0 }, { maxOutputBytes: -1 }, { killGraceMs: Number.NaN }])(
      '%j throws BAD_INPUT',
      async (options) => {
        expect(isPostflightError(await rejection(runProcess(node, ['-e', ''], options)), 'BAD_INPUT')).toBe(
          true,
        )
      },
    )
  })
})
