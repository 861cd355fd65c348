import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { PostflightError, runProcess } from '@postflight/core'
import { openArchive } from './open-archive.ts'
import type { ResolvedImage } from './types.ts'

/** True when a Docker daemon answers here. */
export async function daemonAvailable(signal: AbortSignal): Promise<boolean> {
  try {
    const r = await runProcess('docker', ['version', '--format', '{{.Server.Version}}'], {
      timeoutMs: 10_000,
      signal,
    })
    return r.exitCode === 0
  } catch {
    return false
  }
}

/** True when the local daemon holds `image` (docker image inspect). */
export async function daemonHasImage(image: string, signal: AbortSignal): Promise<boolean> {
  try {
    const r = await runProcess('docker', ['image', 'inspect', '--format', '{{.Id}}', image], {
      timeoutMs: 30_000,
      signal,
    })
    return r.exitCode === 0
  } catch {
    return false
  }
}

/** Reads an image from the local daemon: `docker save` to a file in workDir, then the archive reader. */
export async function openDaemonImage(
  image: string,
  workDir: string,
  signal: AbortSignal,
): Promise<ResolvedImage> {
  await mkdir(workDir, { recursive: true })
  const file = path.join(workDir, 'docker-save.tar')
  const r = await runProcess('docker', ['save', '-o', file, image], { timeoutMs: 30 * 60_000, signal })
  if (r.exitCode !== 0) {
    throw new PostflightError(
      'PROCESS',
      `docker save ${image} failed (exit ${r.exitCode}): ${r.stderr.trim()}`,
    )
  }
  const resolved = await openArchive(file, path.join(workDir, 'daemon'), signal)
  return { ...resolved, name: image }
}
