import { chmod, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import {
  downloadToFile,
  extractArchive,
  hashFile,
  PostflightError,
  timingSafeEqualHex,
} from '@postflight/core'

// Installing trivy or grype on a GitHub runner: the official release tarball, checked against the
// release's published sha256 checksums file before anything in it runs. The projects' install scripts
// (curl | sh) are deliberately not used: they run unreviewed code from the network.

export type ScannerKind = 'trivy' | 'grype'

/**
 * The versions installed when a runner has none; bump deliberately (the latest release tags when
 * this was written: trivy's asset list is in the fixtures, asset-names/trivy.json).
 */
export const SCANNER_VERSIONS: Record<ScannerKind, string> = { trivy: '0.74.0', grype: '0.121.2' }

const REPOS: Record<ScannerKind, string> = { trivy: 'aquasecurity/trivy', grype: 'anchore/grype' }

export interface ReleaseAssets {
  archive: string
  checksums: string
  archiveUrl: string
  checksumsUrl: string
}

function unsupported(kind: ScannerKind, platform: string, arch: string): PostflightError {
  return new PostflightError(
    'BAD_INPUT',
    `Postflight installs ${kind} only on linux and macOS x64/arm64 runners; this one is ${platform}-${arch}. Install ${kind} before this step or drop the scanner input.`,
    { field: 'scanner' },
  )
}

/** The release assets for a platform, named as each project's goreleaser configuration names them. */
export function releaseAssets(
  kind: ScannerKind,
  version: string,
  platform: NodeJS.Platform,
  arch: string,
  baseUrl = 'https://github.com',
): ReleaseAssets {
  const v = version.replace(/^v/, '')
  let archive: string
  if (kind === 'trivy') {
    const os = { linux: 'Linux', darwin: 'macOS' }[platform as string]
    const cpu = { x64: '64bit', arm64: 'ARM64' }[arch]
    if (!os || !cpu) throw unsupported(kind, platform, arch)
    archive = `trivy_${v}_${os}-${cpu}.tar.gz`
  } else {
    const cpu = { x64: 'amd64', arm64: 'arm64' }[arch]
    if ((platform !== 'linux' && platform !== 'darwin') || !cpu) throw unsupported(kind, platform, arch)
    archive = `grype_${v}_${platform}_${cpu}.tar.gz`
  }
  const checksums = `${kind}_${v}_checksums.txt`
  const base = `${baseUrl.replace(/\/$/, '')}/${REPOS[kind]}/releases/download/v${v}`
  return { archive, checksums, archiveUrl: `${base}/${archive}`, checksumsUrl: `${base}/${checksums}` }
}

/** Reads a sha256sum-format manifest (`<hex>  <name>` or `<hex> *<name>`), in any line order. */
export function parseChecksums(text: string): Map<string, string> {
  const digests = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line)
    if (m) digests.set(m[2] as string, (m[1] as string).toLowerCase())
  }
  return digests
}

/** Checks a sha256 against the manifest's line for `name`; a missing line or another digest throws. */
export function checkDigest(name: string, sha256: string, manifest: string, manifestName: string): void {
  const expected = parseChecksums(manifest).get(name)
  if (!expected) {
    throw new PostflightError(
      'ARCHIVE',
      `${manifestName} has no line for ${name}: refusing to run an unverified ${name}.`,
    )
  }
  if (!timingSafeEqualHex(expected, sha256.toLowerCase())) {
    throw new PostflightError(
      'ARCHIVE',
      `${name} has sha256 ${sha256}, but ${manifestName} says ${expected}: the download is corrupt or was tampered with; it was not run.`,
    )
  }
}

/** Verifies a file already on disk against a checksums file on disk. */
export async function verifyFile(
  file: string,
  checksumsFile: string,
  name = path.basename(file),
): Promise<void> {
  const { digests } = await hashFile(file, ['sha256'])
  checkDigest(name, digests.sha256, await readFile(checksumsFile, 'utf8'), path.basename(checksumsFile))
}

export interface InstallOptions {
  /** Where to download and unpack (RUNNER_TEMP on a runner). */
  dir: string
  signal: AbortSignal
  version?: string
  platform?: NodeJS.Platform
  arch?: string
  /** https://github.com unless a test points it at a loopback server. */
  baseUrl?: string
}

/** Downloads, verifies and unpacks the scanner; returns the path of its binary. */
export async function installScanner(kind: ScannerKind, options: InstallOptions): Promise<string> {
  const assets = releaseAssets(
    kind,
    options.version ?? SCANNER_VERSIONS[kind],
    options.platform ?? process.platform,
    options.arch ?? process.arch,
    options.baseUrl,
  )
  const checksumsFile = path.join(options.dir, assets.checksums)
  const archiveFile = path.join(options.dir, assets.archive)
  await downloadToFile(assets.checksumsUrl, checksumsFile, { algorithms: ['sha256'], signal: options.signal })
  const got = await downloadToFile(assets.archiveUrl, archiveFile, {
    algorithms: ['sha256'],
    signal: options.signal,
  })
  checkDigest(assets.archive, got.digests.sha256, await readFile(checksumsFile, 'utf8'), assets.checksums)
  const dest = path.join(options.dir, `${kind}-${options.version ?? SCANNER_VERSIONS[kind]}`)
  const extraction = await extractArchive(archiveFile, dest, { signal: options.signal })
  const bin = path.join(extraction.destDir, kind)
  if (!extraction.ok || !(await stat(bin).catch(() => undefined))?.isFile()) {
    throw new PostflightError('ARCHIVE', `${assets.archive} did not unpack to a ${kind} binary.`)
  }
  await chmod(bin, 0o755)
  return bin
}
