import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
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
      expect(await killContainerProcess({ pid, id: 'a'.repeat(64) })).toBe(
        `pid ${pid} is not a container's process`,
      )
    }
    // Still here: process.kill(0) or (-1) would have ended this process group or every process we may signal.
    expect(alive(process.pid)).toBe(true)
  })

  it("refuses a host process that is not the container's (a stale or foreign pid) and leaves it running", async () => {
    const pid = host.pid as number
    const refused = await killContainerProcess({ pid, id: 'b'.repeat(64) })
    expect(refused).toBe(
      `process ${pid} is not in container bbbbbbbbbbbb's control group (the container restarted, its engine is not on this host, or a rootless engine without cgroups)`,
    )
    expect(alive(pid)).toBe(true)
  })

  it('refuses a pid that no longer exists, saying the container may have restarted', async () => {
    const gone = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim()
    expect(await notContainerProcess({ pid: Number(gone), id: 'c'.repeat(64) })).toMatch(
      /^no process \d+ on this host \(the container stopped or restarted/,
    )
  })

  it("kills a container's main process only with that container's id", async () => {
    const [a, b] = [runContainer(names[0] as string), runContainer(names[1] as string)]
    // b's pid presented as a's: refused, b still runs.
    expect(await killContainerProcess({ pid: b.pid, id: a.id })).toMatch(
      /is not in container [0-9a-f]{12}'s control group/,
    )
    expect(docker(['inspect', '-f', '{{.State.Running}}', b.id])).toBe('true')
    expect(await killContainerProcess(a)).toBeUndefined()
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

  it("takes a rootless podman container's process without a cgroup of its own by its conmon parent, and nothing else", async () => {
    // The /proc entries podman 4.3 leaves for a container's main process and its conmon (recorded
    // here), with the control group rootless podman on cgroup v1 leaves it: the user's session.
    const id = '27bc5e84b45f6319e528fdd3a60c0298ed5db76a207b7a9c167d98582427a3c2'
    const proc = await mkdtemp(path.join(os.tmpdir(), 'pf-proc-'))
    try {
      const entry = async (pid: number, files: Record<string, string>) => {
        await mkdir(path.join(proc, String(pid)))
        for (const [name, text] of Object.entries(files))
          await writeFile(path.join(proc, String(pid), name), text)
      }
      const session = '0::/user.slice/user-1001.slice/session-3.scope\n'
      await entry(3857, { cgroup: session, status: 'Name:\tsleep\nPid:\t3857\nPPid:\t3847\n' })
      await entry(3847, {
        cmdline: ['/usr/bin/conmon', '--api-version', '1', '-c', id, '-u', id, ''].join('\0'),
      })
      await entry(4000, { cgroup: session, status: 'Name:\tbash\nPid:\t4000\nPPid:\t1\n' })
      expect(await notContainerProcess({ pid: 3857, id, conmonPid: 3847 }, proc)).toBeUndefined()
      // Without the conmon from inspect, another parent, or a conmon of another container: refused.
      expect(await notContainerProcess({ pid: 3857, id }, proc)).toMatch(/is not in container 27bc5e84b45f/)
      expect(await notContainerProcess({ pid: 4000, id, conmonPid: 3847 }, proc)).toMatch(
        /is not in container/,
      )
      expect(await notContainerProcess({ pid: 3857, id: 'd'.repeat(64), conmonPid: 3847 }, proc)).toMatch(
        /is not in container/,
      )
    } finally {
      await rm(proc, { recursive: true, force: true })
    }
  })
})
