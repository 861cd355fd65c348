// Installing and running trivy/grype. The real tools cannot be downloaded here (no internet), so:
// asset names are checked against the real release asset lists, checksum verification against
// grype's own install-test fixtures, and the whole install path (download, verify, unpack, run)
// against a loopback HTTP server serving a tarball whose `grype` is a small shell script that
// writes the real grype fixture report — the stand-in is for the scanner only, everything of ours
// runs for real.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { isPostflightError } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'
import { parseGrypeReport } from '../grype.ts'
import { checkDigest, parseChecksums, releaseAssets, SCANNER_VERSIONS, verifyFile } from '../install.ts'
import { grypeArchiveSource, runScanner, scannerArgs } from '../scanner.ts'

const SUMS = path.join(FIXTURES, 'checksums/grype-goreleaser')
const assetList = async (name: string): Promise<string[]> =>
  (
    JSON.parse(await readFile(path.join(FIXTURES, 'asset-names', `${name}.json`), 'utf8')) as {
      assets: string[]
    }
  ).assets

describe('releaseAssets', () => {
  it.each([
    ['linux', 'x64'],
    ['linux', 'arm64'],
    ['darwin', 'arm64'],
    ['darwin', 'x64'],
  ] as const)('picks a real trivy and grype release asset for %s-%s', async (platform, arch) => {
    const trivy = releaseAssets('trivy', '0.74.0', platform, arch)
    expect(await assetList('trivy')).toContain(trivy.archive)
    expect(trivy.archiveUrl).toBe(
      `https://github.com/aquasecurity/trivy/releases/download/v0.74.0/${trivy.archive}`,
    )
    expect(trivy.checksumsUrl).toBe(
      'https://github.com/aquasecurity/trivy/releases/download/v0.74.0/trivy_0.74.0_checksums.txt',
    )
    const grype = releaseAssets('grype', 'v0.78.0', platform, arch)
    expect(await assetList('grype-0.78.0')).toContain(grype.archive)
    expect(grype.checksums).toBe('grype_0.78.0_checksums.txt')
  })

  it('pins a trivy version whose release assets exist', async () => {
    const pinned = releaseAssets('trivy', SCANNER_VERSIONS.trivy, 'linux', 'x64')
    expect(await assetList('trivy')).toContain(pinned.archive)
  })

  it('refuses platforms it has no asset for, naming the input', () => {
    expect(() => releaseAssets('grype', '0.78.0', 'win32', 'x64')).toThrow(
      /only on linux and macOS .* this one is win32-x64/,
    )
    expect(() => releaseAssets('trivy', '0.74.0', 'linux', 'ppc64')).toThrow(/linux-ppc64/)
  })
})

describe('checksum verification (grype install-test fixtures)', () => {
  it('accepts the archive whose digest the manifest lists', async () => {
    await verifyFile(
      path.join(SUMS, 'valid/grype_0.78.0_linux_arm64.tar.gz'),
      path.join(SUMS, 'valid/checksums.txt'),
    )
  })

  it('refuses it against the manifest with a shuffled digest', async () => {
    const err = await verifyFile(
      path.join(SUMS, 'invalid/grype_0.78.0_linux_arm64.tar.gz'),
      path.join(SUMS, 'invalid/checksums.txt'),
    ).catch((e: unknown) => e)
    expect(isPostflightError(err, 'ARCHIVE')).toBe(true)
    expect((err as Error).message).toMatch(
      /grype_0\.78\.0_linux_arm64\.tar\.gz has sha256 8d57abb5.* says 0d560e86/,
    )
  })

  it('refuses a file the manifest does not list', () => {
    expect(() => checkDigest('grype_9_linux_amd64.tar.gz', 'ab'.repeat(32), '', 'x_checksums.txt')).toThrow(
      /has no line for/,
    )
  })

  it('reads manifests in any order, including snapshot names', async () => {
    const unsorted = parseChecksums(await readFile(path.join(SUMS, 'grype_0.32.0_checksums.txt'), 'utf8'))
    expect(unsorted.get('grype_0.32.0_linux_amd64.tar.gz')).toMatch(/^[0-9a-f]{64}$/)
    const snap = parseChecksums(
      await readFile(path.join(SUMS, 'grype_0.32.0-SNAPSHOT-d461f63_checksums.txt'), 'utf8'),
    )
    expect([...snap.keys()].some((n) => n.startsWith('grype_0.32.0-SNAPSHOT-d461f63_linux_amd64'))).toBe(true)
  })
})

describe('scannerArgs', () => {
  it('asks each tool for JSON to a file, with argument arrays', async () => {
    expect(await scannerArgs('trivy', { image: 'ghcr.io/o/a:1' }, '/w/t.json')).toEqual([
      'image',
      '--format',
      'json',
      '--output',
      '/w/t.json',
      '--quiet',
      '--list-all-pkgs',
      'ghcr.io/o/a:1',
    ])
    expect(await scannerArgs('trivy', { archive: '/a.tar' }, '/w/t.json')).toContain('--input')
    expect(await scannerArgs('grype', { archive: '/nonexistent.tar' }, '/w/g.json')).toEqual([
      'docker-archive:/nonexistent.tar',
      '--output',
      'json',
      '--file',
      '/w/g.json',
      '--quiet',
    ])
    expect((await scannerArgs('grype', { archive: os.tmpdir() }, '/w/g.json'))[0]).toBe(
      `oci-dir:${os.tmpdir()}`,
    )
  })

  it('tells grype a docker save tar from an OCI layout tar and folder', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'pf-grype-src-'))
    try {
      const make = async (name: string, files: string[]) => {
        const src = path.join(tmp, name)
        await mkdir(src)
        for (const f of files) await writeFile(path.join(src, f), '{}')
        await promisify(execFile)('tar', ['-cf', `${src}.tar`, '-C', src, ...files])
        return `${src}.tar`
      }
      const docker = await make('docker', ['abc.json', 'manifest.json', 'repositories'])
      const docker25 = await make('docker25', ['index.json', 'oci-layout', 'manifest.json'])
      const oci = await make('oci', ['index.json', 'oci-layout'])
      expect(await grypeArchiveSource(docker)).toBe(`docker-archive:${docker}`)
      expect(await grypeArchiveSource(docker25)).toBe(`docker-archive:${docker25}`)
      expect(await grypeArchiveSource(oci)).toBe(`oci-archive:${oci}`)
      expect(await grypeArchiveSource(path.join(tmp, 'oci'))).toBe(`oci-dir:${path.join(tmp, 'oci')}`)
    } finally {
      await rm(tmp, { recursive: true, force: true })
    }
  })

  it('needs exactly one target', async () => {
    await expect(scannerArgs('grype', {}, 'x')).rejects.toThrow(/exactly one/)
    await expect(scannerArgs('grype', { image: 'a', archive: 'b' }, 'x')).rejects.toThrow(/exactly one/)
  })
})

describe('runScanner with a verified install from a loopback release mirror', () => {
  let dir: string
  let server: Server
  let base: string
  const served = new Map<string, Buffer>()
  const version = SCANNER_VERSIONS.grype
  const assets = releaseAssets('grype', version, process.platform, process.arch)

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pf-scanner-'))
    const pkg = path.join(dir, 'pkg')
    await mkdir(pkg)
    // The stand-in scanner: logs its arguments and writes the real grype fixture where --file says.
    await copyFile(path.join(FIXTURES, 'grype/TestJsonImgsPresenter.json'), path.join(dir, 'report.json'))
    await writeFile(
      path.join(pkg, 'grype'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args.txt"\nwhile [ $# -gt 0 ]; do [ "$1" = --file ] && cp "${dir}/report.json" "$2"; shift; done\n`,
    )
    await chmod(path.join(pkg, 'grype'), 0o755)
    await writeFile(path.join(pkg, 'LICENSE'), 'stand-in')
    const tarball = path.join(dir, assets.archive)
    await promisify(execFile)('tar', ['-czf', tarball, '-C', pkg, 'grype', 'LICENSE'])
    const bytes = await readFile(tarball)
    const sha = createHash('sha256').update(bytes).digest('hex')
    served.set(`/anchore/grype/releases/download/v${version}/${assets.archive}`, bytes)
    served.set(
      `/anchore/grype/releases/download/v${version}/${assets.checksums}`,
      Buffer.from(`${'0'.repeat(64)}  grype_${version}_windows_amd64.zip\n${sha}  ${assets.archive}\n`),
    )
    server = createServer((req, res) => {
      const body = served.get(req.url ?? '')
      res.writeHead(body ? 200 : 404, { 'content-length': body?.length ?? 0 }).end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.close()
    await rm(dir, { recursive: true, force: true })
  })

  const env = (runnerTemp: string): NodeJS.ProcessEnv => ({ PATH: '/usr/bin:/bin', RUNNER_TEMP: runnerTemp })

  it.runIf(process.platform === 'linux')(
    'installs, verifies, runs and returns a report the parser reads',
    async () => {
      const runnerTemp = path.join(dir, 'runner-temp')
      const out = await runScanner(
        'grype',
        { image: 'registry.local/app:1' },
        {
          signal: AbortSignal.timeout(30_000),
          workDir: path.join(dir, 'work'),
          install: true,
          env: env(runnerTemp),
          releaseBaseUrl: base,
        },
      )
      expect(out).toBe(path.join(dir, 'work', 'grype-report.json'))
      expect((await readFile(path.join(dir, 'args.txt'), 'utf8')).trim().split('\n')).toEqual([
        'registry.local/app:1',
        '--output',
        'json',
        '--file',
        out,
        '--quiet',
      ])
      const { findings } = parseGrypeReport(JSON.parse(await readFile(out, 'utf8')), out)
      expect(findings.map((f) => f.id)).toEqual(['CVE-1999-0001', 'CVE-1999-0002'])
    },
  )

  it.runIf(process.platform === 'linux')('refuses a tampered tarball and never runs it', async () => {
    const key = `/anchore/grype/releases/download/v${version}/${assets.archive}`
    const good = served.get(key) as Buffer
    served.set(key, Buffer.concat([good, Buffer.from('tampered')]))
    await rm(path.join(dir, 'args.txt'), { force: true })
    try {
      const err = await runScanner(
        'grype',
        { image: 'x:1' },
        {
          signal: AbortSignal.timeout(30_000),
          workDir: path.join(dir, 'work2'),
          install: true,
          env: env(path.join(dir, 'runner-temp2')),
          releaseBaseUrl: base,
        },
      ).catch((e: unknown) => e)
      expect(isPostflightError(err, 'ARCHIVE')).toBe(true)
      expect((err as Error).message).toMatch(/was tampered with; it was not run/)
      await expect(readFile(path.join(dir, 'args.txt'))).rejects.toThrow(/ENOENT/)
    } finally {
      served.set(key, good)
    }
  })

  it('uses the tool on PATH, and reports its failure with the tail of its stderr', async () => {
    const bin = path.join(dir, 'bin')
    await mkdir(bin, { recursive: true })
    await writeFile(
      path.join(bin, 'trivy'),
      '#!/bin/sh\necho "FATAL image scan error: unable to find the specified image" >&2\nexit 1\n',
    )
    await chmod(path.join(bin, 'trivy'), 0o755)
    const err = await runScanner(
      'trivy',
      { image: 'nope:1' },
      {
        signal: AbortSignal.timeout(10_000),
        workDir: path.join(dir, 'work3'),
        env: { PATH: `${bin}:/usr/bin:/bin` },
      },
    ).catch((e: unknown) => e)
    expect(isPostflightError(err, 'PROCESS')).toBe(true)
    expect((err as Error).message).toBe(
      'trivy exited with 1: FATAL image scan error: unable to find the specified image',
    )
  })

  it('says how to proceed when the tool is absent and may not be installed', async () => {
    const err = await runScanner(
      'trivy',
      { image: 'x:1' },
      {
        signal: AbortSignal.timeout(5000),
        workDir: dir,
        install: false,
        env: { PATH: '/nonexistent' },
      },
    ).catch((e: unknown) => e)
    expect(isPostflightError(err, 'NOT_FOUND')).toBe(true)
    expect((err as Error).message).toMatch(/trivy is not on PATH.*trivy-report/)
  })
})
