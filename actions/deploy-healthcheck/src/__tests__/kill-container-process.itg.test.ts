import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBusyboxImage } from '../../../../test/helpers/docker.ts'
import { killContainerProcess, notContainerProcess, PROVEN_KILL_SCRIPT } from '../kill-container-process.ts'

const IMAGE = 'pf-kill-pid:1'
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function docker(args: string[]): string {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`)
  return r.stdout.trim()
}

/** A running container's full id and its main process as the host sees it. */
function runContainer(name: string): { id: string; pid: number } {
  const id = docker(['run', '-d', '--rm', '--network', 'host', '--name', name, IMAGE, 'sleep', '300'])
  return { id, pid: Number(docker(['inspect', '-f', '{{.State.Pid}}', id])) }
}

describe('killing a container main process from the host', () => {
  const names = [`pf-kill-a-${process.pid}`, `pf-kill-b-${process.pid}`, `pf-kill-c-${process.pid}`]
  let host: ChildProcess
  beforeAll(async () => {
    await buildBusyboxImage(IMAGE)
    host = spawn('sleep', ['300'], { stdio: 'ignore' })
  }, 120_000)
  afterAll(() => {
    host.kill('SIGKILL')
    spawnSync('docker', ['rm', '-f', ...names], { stdio: 'ignore' })
  })

  it('never signals a pid that is 0, 1, negative or not a number', async () => {
    for (const pid of [0, 1, -1, Number.NaN]) {
      expect(await killContainerProcess(pid, 'a'.repeat(64))).toBe(`pid ${pid} is not a container's process`)
    }
    // Still here: process.kill(0) or (-1) would have ended this process group or every process we may signal.
    expect(alive(process.pid)).toBe(true)
  })

  it("refuses a host process that is not the container's (a stale or foreign pid) and leaves it running", async () => {
    const pid = host.pid as number
    const refused = await killContainerProcess(pid, 'b'.repeat(64))
    expect(refused).toBe(
      `process ${pid} is not in container bbbbbbbbbbbb's control group (the container restarted, its engine is not on this host, or a rootless engine without cgroups)`,
    )
    expect(alive(pid)).toBe(true)
  })

  it('refuses a pid that no longer exists, saying the container may have restarted', async () => {
    const gone = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim()
    expect(await notContainerProcess(Number(gone), 'c'.repeat(64))).toMatch(
      /^no process \d+ on this host \(the container stopped or restarted/,
    )
  })

  it("kills a container's main process only with that container's id", async () => {
    const [a, b] = [runContainer(names[0] as string), runContainer(names[1] as string)]
    // b's pid presented as a's: refused, b still runs.
    expect(await killContainerProcess(b.pid, a.id)).toMatch(
      /is not in container [0-9a-f]{12}'s control group/,
    )
    expect(docker(['inspect', '-f', '{{.State.Running}}', b.id])).toBe('true')
    expect(await killContainerProcess(a.pid, a.id)).toBeUndefined()
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline && alive(a.pid)) await new Promise((r) => setTimeout(r, 100))
    expect(alive(a.pid)).toBe(false)
    expect(docker(['inspect', '-f', '{{.State.Running}}', b.id])).toBe('true')
  })

  it('the script sudo runs proves the pid again: it kills a container process, never a foreign one', async () => {
    // Run here without sudo (this is root, or the tests could not run Docker): the same sh, the same arguments.
    const proven = (id: string, pid: number) =>
      spawnSync('sh', ['-c', PROVEN_KILL_SCRIPT, 'sh', id, String(pid)], { timeout: 15_000 }).status
    const c = runContainer(names[2] as string)
    expect(proven(c.id, host.pid as number)).not.toBe(0)
    expect(alive(host.pid as number)).toBe(true)
    expect(proven(c.id, c.pid)).toBe(0)
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline && alive(c.pid)) await new Promise((r) => setTimeout(r, 100))
    expect(alive(c.pid)).toBe(false)
  })
})
