import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadTrustedRoot } from '../trusted-root.ts'
import type { SigstorePolicy, SigstoreTrustedRoot } from '../types.ts'
import { verifySigstoreBundle } from '../verify-bundle.ts'
import { GITHUB_ISSUER, PRODUCTION_ROOT, SIGSTORE, STAGING_ROOT } from './fixtures.ts'
import { withoutNetwork } from './no-network.ts'

const PYTHON = path.join(SIGSTORE, 'sigstore-python')
const JS = path.join(SIGSTORE, 'sigstore-js')
const GITHUB_LOGIN = 'https://github.com/login/oauth'
const RFC8785_RELEASE =
  'https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2'
// The npm tarball digest the sigstore-js statement names (pkg:npm/sigstore@1.0.0).
const SIGSTORE_1_0_0_SHA512 =
  '7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c0ef2cf9108cd1f258b36'

const roots: Record<'production' | 'staging', Promise<SigstoreTrustedRoot>> = {
  production: loadTrustedRoot(PRODUCTION_ROOT),
  staging: loadTrustedRoot(STAGING_ROOT),
}

async function verify(
  bundleFile: string,
  artifactPath: string,
  root: keyof typeof roots,
  policy: SigstorePolicy,
) {
  const bundle = await readFile(bundleFile)
  const trustedRoot = await roots[root]
  const { result, attempts } = await withoutNetwork(() =>
    verifySigstoreBundle({ bundle, artifactPath, trustedRoot, policy, offline: true }),
  )
  expect(attempts).toEqual([])
  return result
}

describe('#verifySigstoreBundle', () => {
  describe('with sigstore-python bundles', () => {
    it.each([
      [
        'bundle.txt',
        'staging',
        'a@tny.town',
        GITHUB_LOGIN,
        'application/vnd.dev.sigstore.bundle+json;version=0.1',
      ],
      [
        'bundle_v3.txt',
        'staging',
        'william@yossarian.net',
        GITHUB_LOGIN,
        'application/vnd.dev.sigstore.bundle.v0.3+json',
      ],
      [
        'bundle_v3_github.whl',
        'production',
        RFC8785_RELEASE,
        GITHUB_ISSUER,
        'application/vnd.dev.sigstore.bundle+json;version=0.2',
      ],
    ] as const)('%s verifies against the %s root as %s', async (name, root, identity, issuer, mediaType) => {
      const file = path.join(PYTHON, name)
      const verdict = await verify(`${file}.sigstore`, file, root, {
        certificateIdentity: identity,
        certificateOidcIssuer: issuer,
      })
      expect(verdict).toMatchObject({
        valid: true,
        mediaType,
        kind: 'message-signature',
        signer: { identity, issuer },
      })
      expect(verdict.integratedTime).toMatch(/^20\d\d-/)
    })

    it('reports the GitHub workflow that signed the wheel', async () => {
      const file = path.join(PYTHON, 'bundle_v3_github.whl')
      const verdict = await verify(`${file}.sigstore`, file, 'production', {
        certificateIdentityRegexp: '^https://github\\.com/trailofbits/rfc8785\\.py/',
        certificateOidcIssuer: GITHUB_ISSUER,
      })
      expect(verdict.valid).toBe(true)
      expect(verdict.signer).toMatchObject({
        sourceRepository: 'https://github.com/trailofbits/rfc8785.py',
        sourceRef: 'refs/tags/v0.1.2',
        sourceDigest: 'd8b4a6445f38c48b9137a8099706d9b8073146e4',
        buildSignerUri: RFC8785_RELEASE,
      })
    })

    it.each([
      ['bundle_invalid_version.txt', 'UNSUPPORTED_MEDIA_TYPE', /"this is completely wrong"/],
      ['bundle_no_log_entry.txt', 'TIMESTAMP', /expected 1 timestamps, got 0/],
      ['bundle_cve_2022_36056.txt', 'TRANSPARENCY_LOG', /signature mismatch/],
    ] as const)('%s fails with %s', async (name, code, reason) => {
      const file = path.join(PYTHON, name)
      const verdict = await verify(`${file}.sigstore`, file, 'staging', {
        certificateIdentityRegexp: '.',
        certificateOidcIssuer: GITHUB_LOGIN,
      })
      expect(verdict).toMatchObject({ valid: false, code })
      expect(verdict.reason).toMatch(reason)
    })

    it('fails a staging bundle against the production root', async () => {
      const file = path.join(PYTHON, 'bundle.txt')
      const verdict = await verify(`${file}.sigstore`, file, 'production', {
        certificateIdentity: 'a@tny.town',
        certificateOidcIssuer: GITHUB_LOGIN,
      })
      expect(verdict).toMatchObject({ valid: false, code: 'UNTRUSTED_CERTIFICATE' })
    })
  })

  describe('with sigstore-js DSSE bundles (npm provenance of sigstore@1.0.0, production)', () => {
    const policy = { certificateIdentity: 'brian@dehamer.com', certificateOidcIssuer: GITHUB_LOGIN }

    it.each([
      ['bundleV01-dsse-with-proof.sigstore', 'application/vnd.dev.sigstore.bundle+json;version=0.1'],
      ['bundleV02-dsse.sigstore', 'application/vnd.dev.sigstore.bundle+json;version=0.2'],
      ['bundleV03-dsse.sigstore', 'application/vnd.dev.sigstore.bundle+json;version=0.3'],
      ['bundleV03-intoto.sigstore', 'application/vnd.dev.sigstore.bundle.v0.3+json'],
    ])('%s verifies for the tarball digest its statement names', async (name, mediaType) => {
      const bundle = await readFile(path.join(JS, name))
      const trustedRoot = await roots.production
      const { result, attempts } = await withoutNetwork(() =>
        verifySigstoreBundle({
          bundle,
          // Not read: the digests the caller already holds are enough for a DSSE bundle.
          artifactPath: path.join(JS, 'no-such-tarball.tgz'),
          artifactDigests: { sha512: SIGSTORE_1_0_0_SHA512 },
          trustedRoot,
          policy,
          offline: true,
        }),
      )
      expect(attempts).toEqual([])
      expect(result).toMatchObject({
        valid: true,
        mediaType,
        kind: 'dsse',
        predicateType: 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1',
        signer: { identity: 'brian@dehamer.com', issuer: GITHUB_LOGIN },
      })
    })

    it('fails for a file that is not the subject, naming the subject', async () => {
      const verdict = await verify(
        path.join(JS, 'bundleV03-dsse.sigstore'),
        path.join(JS, 'statement.json'),
        'production',
        policy,
      )
      expect(verdict).toMatchObject({ valid: false, code: 'SUBJECT_MISMATCH' })
      expect(verdict.reason).toMatch(
        /about pkg:npm\/sigstore@1\.0\.0 sha512:7bea9f6e7ff37f5f…, not this artifact \(sha512:/,
      )
    })

    it('fails against the staging root', async () => {
      const bundle = await readFile(path.join(JS, 'bundleV02-dsse.sigstore'))
      const verdict = await verifySigstoreBundle({
        bundle,
        artifactPath: path.join(JS, 'no-such-tarball.tgz'),
        artifactDigests: { sha512: SIGSTORE_1_0_0_SHA512 },
        trustedRoot: await roots.staging,
        policy,
        offline: true,
      })
      expect(verdict).toMatchObject({ valid: false, code: 'UNTRUSTED_CERTIFICATE' })
    })
  })
})
