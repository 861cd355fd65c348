import { createReadStream } from 'node:fs'
import { access, constants, mkdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { PostflightError, runProcess } from '@postflight/core'
import tar from 'tar-stream'
import { installScanner, type ScannerKind } from './install.ts'

export interface ScanTarget {
  image?: string
  archive?: string
}

/** The `registry-username` and `registry-password` inputs, for the registry `image` is on. */
export interface ScannerCredentials {
  registry: string
  username: string
  password: string
}

export interface RunScannerOptions {
  /** Handed to the tool through its environment, never its command line (which `ps` shows). */
  credentials?: ScannerCredentials
  signal: AbortSignal
  workDir: string
  /** Install the tool when it is not on PATH (GitHub runners on Linux only). */
  install?: boolean
  timeoutMs?: number
  /** For tests: the environment whose PATH and RUNNER_TEMP are used. */
  env?: NodeJS.ProcessEnv
  /** For tests: a loopback mirror of https://github.com release downloads. */
  releaseBaseUrl?: string
}

/**
 * The credentials as each tool reads them from its environment: trivy's TRIVY_USERNAME and
 * TRIVY_PASSWORD; grype's registry auth scoped to the image's registry (its authority), so they are
 * not offered to any other registry.
 */
export function credentialEnv(kind: ScannerKind, c: ScannerCredentials): Record<string, string> {
  if (kind === 'trivy') return { TRIVY_USERNAME: c.username, TRIVY_PASSWORD: c.password }
  return {
    GRYPE_REGISTRY_AUTH_AUTHORITY: c.registry,
    GRYPE_REGISTRY_AUTH_USERNAME: c.username,
    GRYPE_REGISTRY_AUTH_PASSWORD: c.password,
  }
}

/** The scanner's arguments for a JSON report to `out`: never a shell string. */
export async function scannerArgs(kind: ScannerKind, target: ScanTarget, out: string): Promise<string[]> {
  if ((target.image === undefined) === (target.archive === undefined)) {
    throw new PostflightError('BAD_INPUT', `${kind} scans one image or one archive; give exactly one.`, {
      field: 'scanner',
    })
  }
  if (kind === 'trivy') {
    const what = target.image !== undefined ? [target.image] : ['--input', target.archive as string]
    return ['image', '--format', 'json', '--output', out, '--quiet', '--list-all-pkgs', ...what]
  }
  const source =
    target.archive !== undefined ? await grypeArchiveSource(target.archive) : (target.image as string)
  return [source, '--output', 'json', '--file', out, '--quiet']
}

/**
 * grype names the archive kind in a scheme: `oci-dir:` for an OCI layout folder, `docker-archive:`
 * for a `docker save` tar (it has a manifest.json; Docker 25+ writes an OCI layout beside it), and
 * `oci-archive:` for a tar of an OCI layout alone. The tar's headers are read until it is known.
 */
export async function grypeArchiveSource(archive: string): Promise<string> {
  if ((await stat(archive).catch(() => undefined))?.isDirectory()) return `oci-dir:${archive}`
  let ociLayout = false
  let dockerManifest = false
  const extract = tar.extract()
  extract.on('entry', (header, body, next) => {
    const name = header.name.replace(/^\.\//, '')
    if (name === 'manifest.json') {
      dockerManifest = true
      extract.destroy()
      return
    }
    if (name === 'oci-layout') ociLayout = true
    body.on('end', next)
    body.resume()
  })
  await pipeline(createReadStream(archive), extract).catch(() => {
    // Destroyed on finding manifest.json, or not a plain tar: grype's own detection decides then.
  })
  return `${ociLayout && !dockerManifest ? 'oci-archive' : 'docker-archive'}:${archive}`
}

/** The tool's path on PATH, or undefined. */
export async function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    const candidate = path.join(dir, name)
    try {
      await access(candidate, constants.X_OK)
      if ((await stat(candidate)).isFile()) return candidate
    } catch {
      // not in this directory
    }
  }
  return undefined
}

async function locate(kind: ScannerKind, opts: RunScannerOptions): Promise<string> {
  const env = opts.env ?? process.env
  const found = await findOnPath(kind, env)
  if (found) return found
  const onRunner = env.RUNNER_TEMP !== undefined && process.platform === 'linux'
  if (opts.install && onRunner) {
    const dir = path.join(env.RUNNER_TEMP as string, 'postflight-tools')
    await mkdir(dir, { recursive: true })
    return installScanner(kind, {
      dir,
      signal: opts.signal,
      ...(opts.releaseBaseUrl ? { baseUrl: opts.releaseBaseUrl } : {}),
    })
  }
  throw new PostflightError(
    'NOT_FOUND',
    `scanner ${kind} is not on PATH${opts.install ? ' and is only installed on GitHub Linux runners' : ''}. Install ${kind}, pass an existing report with ${kind}-report, or drop the scanner input to use the built-in OSV matcher.`,
    { field: 'scanner' },
  )
}

/**
 * Runs trivy or grype on an image reference or an archive, writing its JSON report into `workDir`,
 * and returns the report's path. A non-zero exit is a PROCESS error with the tool's stderr tail.
 */
export async function runScanner(
  kind: ScannerKind,
  target: ScanTarget,
  opts: RunScannerOptions,
): Promise<string> {
  const out = path.join(opts.workDir, `${kind}-report.json`)
  const args = await scannerArgs(kind, target, out)
  const bin = await locate(kind, opts)
  await mkdir(opts.workDir, { recursive: true })
  const result = await runProcess(bin, args, {
    signal: opts.signal,
    timeoutMs: opts.timeoutMs ?? 15 * 60_000,
    env: { ...(opts.env ?? process.env), ...(opts.credentials ? credentialEnv(kind, opts.credentials) : {}) },
  })
  if (result.timedOut || result.exitCode !== 0) {
    const why = result.timedOut ? 'timed out' : `exited with ${result.exitCode ?? result.signal}`
    throw new PostflightError(
      'PROCESS',
      `${kind} ${why}: ${result.stderr.trim().split('\n').slice(-5).join(' | ')}`,
      {
        field: 'scanner',
      },
    )
  }
  return out
}
