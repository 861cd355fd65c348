import { readFile } from 'node:fs/promises'
import { describeError, runProcess } from '@postflight/core'

const SUDO_TIMEOUT_MS = 15_000

/**
 * What sudo runs: the proof again, then the kill, so the pid cannot change hands while sudo starts.
 * `sh -c SCRIPT sh <container id> <pid>`: both reach it as positional parameters, never in the script.
 */
export const PROVEN_KILL_SCRIPT = 'grep -qF "$1" "/proc/$2/cgroup" && kill -KILL "$2"'

/**
 * Why `pid` cannot be taken for the main process of container `containerId` on this host, or
 * undefined when it can. The pid comes from the engine's inspect, which may be stale (the container
 * restarted and the number now names another process), of another pid namespace (the engine on a
 * remote host, in a VM as on macOS and Windows, or this job in a container), or 0. Docker and podman
 * both name the container's full id in its processes' control group (`/docker/<id>`,
 * `docker-<id>.scope`, `libpod-<id>.scope`), which no other process has: that is the proof asked.
 * Rootless podman on cgroup v1 gives containers no group of their own, so it is refused too.
 */
export async function notContainerProcess(
  pid: number,
  containerId: string,
  procRoot = '/proc',
): Promise<string | undefined> {
  if (!Number.isSafeInteger(pid) || pid <= 1) return `pid ${pid} is not a container's process`
  if (!/^[0-9a-f]{64}$/.test(containerId)) return `"${containerId}" is not a full container id`
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
  if (!cgroup.includes(containerId))
    return `process ${pid} is not in container ${containerId.slice(0, 12)}'s control group (the container restarted, its engine is not on this host, or a rootless engine without cgroups)`
  return undefined
}

/**
 * SIGKILL to a container's main process from this host, as a crash would; undefined when sent, else
 * why not. The pid is proven the container's first (notContainerProcess). A rootful engine's processes
 * belong to root: a runner that is not root (GitHub's) sends it through passwordless sudo, which
 * proves the pid again itself so no stale pid is killed as root; the container id and pid reach its
 * sh as positional parameters, never inside the script.
 */
export async function killContainerProcess(
  pid: number,
  containerId: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const wrong = await notContainerProcess(pid, containerId)
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
