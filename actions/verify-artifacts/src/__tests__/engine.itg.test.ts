import { cp, mkdir, mkdtemp, readFile, rm, symlink, truncate, unlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite, type RawInputs, type SuiteResult } from '@postflight/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../../test/helpers/paths.ts'
import {
  type GpgKey,
  makeGpgKey,
  makeRealRelease,
  type RealRelease,
  tool,
} from '../../../../test/helpers/real-release.ts'
import { cratesFake } from '../../../../test/registries/crates-fake.ts'
import { verifySpec } from '../index.ts'

let root: string
let pristine: RealRelease
let key: GpgKey
let stranger: GpgKey
let dir: string

async function verify(raw: RawInputs): Promise<{ result: SuiteResult; exitCode: number }> {
  const execution = await executeSuite(verifySpec, {
    raw: { 'results-dir': path.join(root, 'results'), ...raw },
    style: 'cli',
    sink: () => {},
  })
  return { result: execution.result, exitCode: execution.exitCode }
}

function check(result: SuiteResult, id: string): Check {
  const found = result.checks.find((c) => c.id === id)
  if (!found) throw new Error(`no check ${id} in ${result.checks.map((c) => c.id).join(', ')}`)
  return found
}

function failed(result: SuiteResult): string[] {
  return result.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => c.id)
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-verify-'))
  pristine = await makeRealRelease(path.join(root, 'pristine'))
  ;[key, stranger] = await Promise.all([makeGpgKey(), makeGpgKey('Mallory <m@example.com>', 'rsa3072')])
  await key.sign(path.join(pristine.dir, 'SHA256SUMS'))
})
afterAll(async () => {
  await Promise.all([key?.dispose(), stranger?.dispose()])
  await rm(root, { recursive: true, force: true })
})
beforeEach(async () => {
  dir = await mkdtemp(path.join(root, 'case-'))
  await cp(pristine.dir, dir, { recursive: true })
})

const asset = (i: number): string => pristine.assets[i] as string

describe('verify-artifacts on a local folder', () => {
  describe('when the release is intact and signed', () => {
    it('passes every check, passes included in the result', async () => {
      const { result, exitCode } = await verify({
        directory: dir,
        tag: 'v1.2.3',
        'public-key': key.publicKeyFile,
        'expected-assets': ['app-{version}-linux-x64.tar.gz', 'app-{version}-*.zip'],
      })
      expect(failed(result)).toEqual([])
      expect(exitCode).toBe(0)
      expect(result.status).toBe('pass')
      for (const a of pristine.assets) {
        expect(check(result, `checksum:${a}`).status).toBe('pass')
        expect(check(result, `archive:${a}`).status).toBe('pass')
        expect(check(result, `version:${a}`).status).toBe('pass')
      }
      expect(check(result, 'signature:SHA256SUMS').evidence?.fingerprint).toBe(key.fingerprint)
      expect(check(result, 'signatures:required').status).toBe('pass')
      expect(check(result, 'expected:app-1.2.3-*.zip').evidence?.matches).toEqual([asset(2)])
    })
  })

  describe('when an asset was edited after the manifest was made', () => {
    it('fails its checksum with both digests, and it is no longer covered by the signature', async () => {
      await writeFile(path.join(dir, asset(0)), 'not the original bytes')
      const { result, exitCode } = await verify({
        directory: dir,
        tag: 'v1.2.3',
        'public-key': key.publicKeyFile,
      })
      expect(exitCode).toBe(1)
      const c = check(result, `checksum:${asset(0)}`)
      expect(c.status).toBe('fail')
      expect(c.message).toMatch(
        /^sha256 mismatch: SHA256SUMS line 1 says [0-9a-f]{64}, the file has [0-9a-f]{64}$/,
      )
      expect(c.location).toEqual({ path: path.join(dir, 'SHA256SUMS'), line: 1 })
      expect(check(result, 'signature:SHA256SUMS').status).toBe('pass')
      expect(check(result, `signed:${asset(0)}`).status).toBe('fail')
    })
  })

  describe('when the manifest was edited after signing', () => {
    it('fails the signature', async () => {
      const manifest = path.join(dir, 'SHA256SUMS')
      await writeFile(manifest, `${await readFile(manifest, 'utf8')}# edited\n`)
      const { result } = await verify({ directory: dir, 'public-key': key.publicKeyFile })
      expect(check(result, 'signature:SHA256SUMS').status).toBe('fail')
      expect(check(result, 'signed:SHA256SUMS').status).toBe('fail')
    })
  })

  describe('when someone else signed it', () => {
    it('fails naming the signing key', async () => {
      await stranger.sign(path.join(dir, 'SHA256SUMS'))
      const { result } = await verify({ directory: dir, 'public-key': key.publicKeyFile })
      const c = check(result, 'signature:SHA256SUMS')
      expect(c.status).toBe('fail')
      expect(`${c.message} ${JSON.stringify(c.evidence)}`).toContain(stranger.fingerprint.slice(-16))
    })
  })

  describe('when a signature is required but absent', () => {
    it('fails the unsigned manifest', async () => {
      await unlink(path.join(dir, 'SHA256SUMS.asc'))
      const { result, exitCode } = await verify({ directory: dir, 'public-key': key.publicKeyFile })
      expect(exitCode).toBe(1)
      expect(check(result, 'signed:SHA256SUMS').message).toContain('has no valid signature')
    })

    it('is not required when no key is given, and a signature it cannot check is a warning', async () => {
      const { result, exitCode } = await verify({ directory: dir })
      expect(exitCode).toBe(0)
      expect(check(result, 'signature:SHA256SUMS').status).toBe('warn')
    })
  })

  describe('when an asset is in no manifest', () => {
    it('fails its coverage', async () => {
      await writeFile(path.join(dir, 'app-1.2.3-extra.txt'), 'surprise')
      const { result } = await verify({ directory: dir })
      expect(check(result, 'coverage:app-1.2.3-extra.txt').status).toBe('fail')
      expect(check(result, 'coverage').evidence?.uncovered).toEqual(['app-1.2.3-extra.txt'])
    })
  })

  describe('when an expected asset is missing', () => {
    it('fails naming it', async () => {
      const { result } = await verify({
        directory: dir,
        tag: 'v1.2.3',
        'expected-assets': 'app-{version}-linux-arm64.tar.gz',
      })
      expect(check(result, 'expected:app-1.2.3-linux-arm64.tar.gz')).toMatchObject({
        status: 'fail',
        message: 'expected asset app-1.2.3-linux-arm64.tar.gz is missing from the release',
      })
    })
  })

  describe('when an archive is truncated but its manifest was made after', () => {
    it('fails the archive check', async () => {
      const file = path.join(dir, asset(1))
      const { size } = await import('node:fs/promises').then((fs) => fs.stat(file))
      await truncate(file, Math.floor(size / 2))
      await writeFile(path.join(dir, 'SHA256SUMS'), await tool('sha256sum', pristine.assets, dir))
      const { result } = await verify({ directory: dir })
      expect(check(result, `checksum:${asset(1)}`).status).toBe('pass')
      expect(check(result, `archive:${asset(1)}`).status).toBe('fail')
    })
  })

  describe('when an archive holds an entry that escapes', () => {
    it('fails the archive check naming the entry', async () => {
      const name = 'app-1.2.3-evil.zip'
      await tool('python3', [
        '-c',
        'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],"w"); z.writestr("../../etc/cron.d/evil","x"); z.close()',
        path.join(dir, name),
      ])
      await writeFile(path.join(dir, 'SHA256SUMS'), await tool('sha256sum', [...pristine.assets, name], dir))
      const { result } = await verify({ directory: dir })
      const c = check(result, `archive:${name}`)
      expect(c.status).toBe('fail')
      expect(c.message).toContain('../../etc/cron.d/evil')
    })
  })

  describe('when a name carries another version', () => {
    it('fails version consistency against the tag', async () => {
      const stale = 'app-1.2.2-linux-arm64.tar.gz'
      await cp(path.join(dir, asset(0)), path.join(dir, stale))
      await writeFile(path.join(dir, 'SHA256SUMS'), await tool('sha256sum', [...pristine.assets, stale], dir))
      const { result } = await verify({ directory: dir, tag: 'v1.2.3' })
      expect(check(result, `version:${stale}`)).toMatchObject({
        status: 'fail',
        message: 'carries 1.2.2 but the release is 1.2.3',
      })
      expect(check(result, `version:${asset(0)}`).status).toBe('pass')
    })
  })

  describe('with SHA512SUMS written by shasum --tag and a binary signature', () => {
    it('verifies both algorithms in one pass', async () => {
      await writeFile(
        path.join(dir, 'SHA512SUMS'),
        await tool('shasum', ['-a', '512', '--tag', ...pristine.assets], dir),
      )
      await key.sign(path.join(dir, 'SHA512SUMS'), false)
      const { result } = await verify({ directory: dir, 'public-key': key.publicKeyArmored })
      expect(failed(result)).toEqual([])
      expect(check(result, `checksum:${asset(0)}@SHA512SUMS`).evidence?.algorithm).toBe('sha512')
      expect(check(result, 'signature:SHA512SUMS').status).toBe('pass')
    })
  })

  describe('with only an MD5SUMS manifest', () => {
    it('verifies the digests but warns that md5 can be forged and covers nothing', async () => {
      await unlink(path.join(dir, 'SHA256SUMS'))
      await unlink(path.join(dir, 'SHA256SUMS.asc'))
      await writeFile(path.join(dir, 'MD5SUMS'), await tool('md5sum', pristine.assets, dir))
      const { result, exitCode } = await verify({ directory: dir })
      expect(exitCode).toBe(0)
      expect(check(result, `checksum:${asset(0)}`)).toMatchObject({
        status: 'pass',
        evidence: { algorithm: 'md5' },
      })
      expect(check(result, 'manifest:MD5SUMS')).toMatchObject({
        status: 'warn',
        evidence: { weakAlgorithms: ['md5'] },
      })
      expect(check(result, `coverage:${asset(0)}`).status).toBe('warn')
      expect(result.status).toBe('warn')
    })

    it('does not let a signature over MD5SUMS vouch for the assets', async () => {
      await unlink(path.join(dir, 'SHA256SUMS'))
      await unlink(path.join(dir, 'SHA256SUMS.asc'))
      await writeFile(path.join(dir, 'MD5SUMS'), await tool('md5sum', pristine.assets, dir))
      await key.sign(path.join(dir, 'MD5SUMS'))
      const { result, exitCode } = await verify({ directory: dir, 'public-key': key.publicKeyFile })
      expect(exitCode).toBe(1)
      expect(check(result, 'signature:MD5SUMS').status).toBe('pass')
      expect(check(result, `signed:${asset(0)}`).status).toBe('fail')
    })
  })

  describe('when a manifest lists one file under several algorithms', () => {
    it('makes one check per entry with distinct ids instead of crashing', async () => {
      const text = [
        await tool('sha256sum', ['--tag', asset(0)], dir),
        await tool('sha512sum', ['--tag', asset(0)], dir),
        await tool('shasum', ['-a', '1', '--tag', asset(0)], dir),
      ].join('')
      await writeFile(path.join(dir, 'CHECKSUMS.txt'), text)
      const { result, exitCode } = await verify({ directory: dir })
      expect(exitCode).toBe(0)
      const ids = result.checks.filter((c) => c.id.startsWith(`checksum:${asset(0)}`)).map((c) => c.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids).toHaveLength(4)
    })
  })

  describe('when the folder holds more than files', () => {
    it('fails a symlink that leads out of the folder, and a dangling one', async () => {
      const outside = path.join(root, 'outside.bin')
      await writeFile(outside, 'not part of the release')
      await symlink(outside, path.join(dir, 'app-1.2.3-extra.bin'))
      await symlink(path.join(root, 'nothing-here'), path.join(dir, 'app-1.2.3-gone.bin'))
      const { result, exitCode } = await verify({ directory: dir })
      expect(exitCode).toBe(1)
      expect(check(result, 'file:app-1.2.3-extra.bin').message).toContain('outside the release folder')
      expect(check(result, 'file:app-1.2.3-gone.bin').message).toContain('symlink to nothing')
    })

    it('accepts a symlink to a file inside the folder, and warns about a subfolder', async () => {
      await mkdir(path.join(dir, 'notes'))
      await symlink(asset(0), path.join(dir, 'app-latest-linux-x64.tar.gz'))
      await writeFile(
        path.join(dir, 'SHA256SUMS'),
        await tool('sha256sum', [...pristine.assets, 'app-latest-linux-x64.tar.gz'], dir),
      )
      const { result } = await verify({ directory: dir })
      expect(check(result, 'checksum:app-latest-linux-x64.tar.gz').status).toBe('pass')
      expect(check(result, 'folder:ignored')).toMatchObject({
        status: 'warn',
        evidence: { ignored: ['notes'] },
      })
    })
  })

  describe('when a manifest uses an algorithm Postflight cannot check', () => {
    it('warns about it and still verifies the rest', async () => {
      await writeFile(path.join(dir, 'B2SUMS'), await tool('b2sum', pristine.assets, dir))
      const { result, exitCode } = await verify({ directory: dir, 'check-archives': 'false' })
      expect(exitCode).toBe(0)
      expect(check(result, 'manifest:B2SUMS').status).toBe('warn')
      expect(check(result, 'coverage').status).toBe('pass')
    })
  })

  describe('when the tag and the version disagree', () => {
    it('warns, and checks names against the version', async () => {
      const { result } = await verify({
        directory: dir,
        tag: 'v1.2.4',
        version: '1.2.3',
        'check-archives': 'false',
      })
      expect(check(result, 'version:tag')).toMatchObject({ status: 'warn' })
      expect(check(result, `version:${asset(0)}`).status).toBe('pass')
    })
  })

  describe('with a Sigstore bundle from GitHub Actions (real, sigstore-python fixture)', () => {
    const WHEEL = 'bundle_v3_github.whl'
    const IDENTITY =
      'https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2'
    const ISSUER = 'https://token.actions.githubusercontent.com'

    async function wheelRelease(): Promise<string> {
      const wheelDir = await mkdtemp(path.join(root, 'wheel-'))
      for (const f of [WHEEL, `${WHEEL}.sigstore`])
        await cp(path.join(FIXTURES, 'sigstore/sigstore-python', f), path.join(wheelDir, f))
      await writeFile(path.join(wheelDir, 'SHA256SUMS'), await tool('sha256sum', [WHEEL], wheelDir))
      return wheelDir
    }

    it('passes with the signer identity and issuer, offline, and the bundle is not an asset', async () => {
      const { result, exitCode } = await verify({
        directory: await wheelRelease(),
        'certificate-identity': IDENTITY,
        'certificate-oidc-issuer': ISSUER,
        'check-archives': 'false',
      })
      expect(failed(result)).toEqual([])
      expect(exitCode).toBe(0)
      expect(check(result, `sigstore:${WHEEL}`).status).toBe('pass')
      expect(result.checks.some((c) => c.id === `coverage:${WHEEL}.sigstore`)).toBe(false)
    })

    it('fails a release whose bundles were removed when an identity is required', async () => {
      const wheelDir = await wheelRelease()
      await unlink(path.join(wheelDir, `${WHEEL}.sigstore`))
      const { result, exitCode } = await verify({
        directory: wheelDir,
        'certificate-identity': IDENTITY,
        'certificate-oidc-issuer': ISSUER,
        'check-archives': 'false',
      })
      expect(exitCode).toBe(1)
      expect(check(result, 'sigstore:present').status).toBe('fail')
      expect(check(result, `signed:${WHEEL}`).status).toBe('fail')
    })

    it('fails under another identity, naming the one it found', async () => {
      const { result, exitCode } = await verify({
        directory: await wheelRelease(),
        'certificate-identity': 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0',
        'certificate-oidc-issuer': ISSUER,
        'check-archives': 'false',
      })
      expect(exitCode).toBe(1)
      const c = check(result, `sigstore:${WHEEL}`)
      expect(c.status).toBe('fail')
      expect(c.message).toContain('trailofbits/rfc8785.py')
    })
  })

  describe('with a registry cross-check (crates.io API on loopback)', () => {
    it('passes when the published crate has the same bytes, fails when it does not', async () => {
      const crateBytes = await readFile(path.join(dir, asset(0)))
      await cp(path.join(dir, asset(0)), path.join(dir, 'app-1.2.3.crate'))
      await writeFile(
        path.join(dir, 'SHA256SUMS'),
        await tool('sha256sum', [...pristine.assets, 'app-1.2.3.crate'], dir),
      )
      const crates = cratesFake([
        { crate: 'app', version: '1.2.3', data: crateBytes },
        { crate: 'app', version: '1.2.4', data: Buffer.from('another build') },
      ])
      await crates.start()
      try {
        const same = await verify({ directory: dir, tag: 'v1.2.3', crate: 'app', 'crates-api': crates.url })
        expect(check(same.result, 'registry:crates:checksum').status).toBe('pass')
        expect(same.exitCode).toBe(0)
        await cp(path.join(dir, 'app-1.2.3.crate'), path.join(dir, 'app-1.2.4.crate'))
        const other = await verify({
          directory: dir,
          version: '1.2.4',
          crate: 'app',
          'crates-api': crates.url,
          'check-archives': 'false',
        })
        expect(check(other.result, 'registry:crates:checksum').status).toBe('fail')
      } finally {
        await crates.stop()
      }
    })
  })

  describe('on real goreleaser fixtures', () => {
    it('passes the listed asset whose digest matches', async () => {
      const { result } = await verify({
        directory: path.join(FIXTURES, 'checksums/grype-goreleaser/valid'),
        'check-archives': 'false',
      })
      expect(check(result, 'checksum:grype_0.78.0_linux_arm64.tar.gz').status).toBe('pass')
      // The fixture folder holds one of the 15 listed assets: the other 14 are missing.
      expect(check(result, 'checksum:grype_0.78.0_darwin_amd64.tar.gz').message).toMatch(/not in the release/)
    })

    it('fails the asset whose digest was changed', async () => {
      const { result } = await verify({
        directory: path.join(FIXTURES, 'checksums/grype-goreleaser/invalid'),
        'check-archives': 'false',
      })
      expect(check(result, 'checksum:grype_0.78.0_linux_arm64.tar.gz').status).toBe('fail')
    })
  })

  describe('when the tool cannot do its job', () => {
    it('exits 2 for a folder that does not exist, naming the input', async () => {
      const { result, exitCode } = await verify({ directory: path.join(root, 'nope') })
      expect(exitCode).toBe(2)
      expect(result.partial).toBe(true)
      expect(result.checks[0]?.evidence).toMatchObject({ code: 'NOT_FOUND', field: 'directory' })
    })

    it('exits 2 when a signature is required without a key', async () => {
      const { result, exitCode } = await verify({ directory: dir, 'require-signature': 'true' })
      expect(exitCode).toBe(2)
      expect(result.checks[0]?.message).toContain("'require-signature' is true but no signer was named")
    })
  })
})
