import { readFile } from 'node:fs/promises'
import { describeError, runProcess } from '@postflight/core'

const SUDO_TIMEOUT_MS = 15_000

/**
 * What sudo runs: the proof again, then the kill, so the pid cannot change hands while sudo starts.
 * `sh -c SCRIPT sh <container id> <pid>`: both reach it as positional parameters, never in the script.
 */
export const PROVEN_KILL_SCRIPT = 'grep -qF "$1" "/proc/$2/cgroup" && kill -KILL "$2"'

/** The container whose main process is to be killed, as inspect describes it. */
export interface KillTarget {
  /** Its main process as the host sees it (State.Pid). */
  pid: number
  /** Its full id. */
  id: string
  /** podman's conmon, the main process's parent (State.ConmonPid); 0 on Docker. */
  conmonPid?: number
}

/**
 * Why `pid` cannot be taken for the main process of container `id` on this host, or undefined when
 * it can. The pid comes from the engine's inspect, which may be stale (the container restarted and
 * the number now names another process), of another pid namespace (the engine on a remote host, in a
 * VM as on macOS and Windows, or this job in a container), or 0. Docker and podman both name the
 * container's full id in its processes' control group (`/docker/<id>`, `docker-<id>.scope`,
 * `libpod-<id>.scope`), which no other process has: that is the proof asked. Rootless podman without
 * cgroups of its own (cgroup v1, or v2 without a systemd user session) gives none; there the process
 * must be the child of the container's conmon, whose command line names the id.
 */
export async function notContainerProcess(
  target: KillTarget,
  procRoot = '/proc',
): Promise<string | undefined> {
  const { pid, id } = target
  if (!Number.isSafeInteger(pid) || pid <= 1) return `pid ${pid} is not a container's process`
  if (!/^[0-9a-f]{64}$/.test(id)) return `"${id}" is not a full container id`
  if (process.platform !== 'linux')
    return `the container engine's processes are not this ${process.platform} host's (it runs them in a VM)`
  let cgroup: string
  try {
    cgroup = await readFile(`${procRoot}/${pid}/cgroup`, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return `no process ${pid} on this host (the container stopped or restarted, or its engine is not on this host)`
    return `could not read ${procRoot}/${pid}/cgroup: ${describeError(err)}`
  }
  if (cgroup.includes(id) || (await childOfConmon(target, procRoot))) return undefined
  return `process ${pid} is not in container ${id.slice(0, 12)}'s control group (the container restarted, its engine is not on this host, or a rootless engine without cgroups)`
}

async function childOfConmon({ pid, id, conmonPid }: KillTarget, procRoot: string): Promise<boolean> {
  if (!conmonPid || !Number.isSafeInteger(conmonPid) || conmonPid <= 1) return false
  try {
    const status = await readFile(`${procRoot}/${pid}/status`, 'utf8')
    if (/^PPid:\s*(\d+)\s*$/m.exec(status)?.[1] !== String(conmonPid)) return false
    const argv = (await readFile(`${procRoot}/${conmonPid}/cmdline`, 'utf8')).split('\0')
    return argv.some((a, i) => a === id && argv[i - 1] === '-c')
  } catch {
    return false
  }
}

/**
 * SIGKILL to a container's main process from this host, as a crash would; undefined when sent, else
 * why not. The pid is proven the container's first (notContainerProcess). A rootful engine's processes
 * belong to root: a runner that is not root (GitHub's) sends it through passwordless sudo, which
 * proves the pid again itself so no stale pid is killed as root; the container id and pid reach its
 * sh as positional parameters, never inside the script.
 */
export async function killContainerProcess(
  target: KillTarget,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const { pid, id: containerId } = target
  const wrong = await notContainerProcess(target)
  if (wrong) return wrong
  try {
    process.kill(pid, 'SIGKILL')
    return undefined
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ESRCH') return `process ${pid} ended before it could be killed`
    if (code !== 'EPERM') return describeError(err)
  }
  const sudo = await runProcess(
    'sudo',
    ['-n', 'sh', '-c', PROVEN_KILL_SCRIPT, 'sh', containerId, String(pid)],
    {
      timeoutMs: SUDO_TIMEOUT_MS,
      ...(signal ? { signal } : {}),
    },
  ).catch((e: unknown) => ({ exitCode: -1, stderr: describeError(e) }))
  return sudo.exitCode === 0
    ? undefined
    : `not permitted, and sudo -n kill failed (exit ${sudo.exitCode}): ${sudo.stderr.trim().slice(-300)}`
}
