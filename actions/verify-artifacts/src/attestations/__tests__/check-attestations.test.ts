import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { SuiteBuilder } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import { PRODUCTION_ROOT, SIGSTORE } from '../../sigstore/__tests__/fixtures.ts'
import { loadTrustedRoot } from '../../sigstore/index.ts'
import { type CheckAttestationsOptions, checkAttestations } from '../check-attestations.ts'
import { attestationPolicy, GITHUB_ACTIONS_ISSUER } from '../github.ts'
import { checkProvenanceSource, provenanceSource } from '../provenance.ts'

const JS = path.join(SIGSTORE, 'sigstore-js')
// The npm tarball digest the sigstore-js statement names (pkg:npm/sigstore@1.0.0); the tarball is not stored.
const SHA512 =
  '7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c0ef2cf9108cd1f258b36'
const SHA256 = 'a'.repeat(64)
const LEG = { os: 'linux', arch: 'x64', runner: 'r', label: 'linux-x64' }
const policy = {
  certificateIdentity: 'brian@dehamer.com',
  certificateOidcIssuer: 'https://github.com/login/oauth',
}
const asset = {
  name: 'sigstore-1.0.0.tgz',
  path: path.join(JS, 'no-such-tarball.tgz'),
  digests: { sha256: SHA256, sha512: SHA512 },
}

async function run(bundles: unknown[], overrides: Partial<CheckAttestationsOptions> = {}) {
  const suite = new SuiteBuilder('verify-artifacts', LEG)
  const asked: string[] = []
  const proven = await checkAttestations(suite, [asset], {
    mode: 'verify',
    fetchBundles: async (digest) => {
      asked.push(digest)
      return bundles
    },
    trustedRoot: await loadTrustedRoot(PRODUCTION_ROOT),
    policy,
    source: {},
    ...overrides,
  })
  const check = suite.finish().checks.find((c) => c.id === `attestation:${asset.name}`)
  return { check, proven, asked }
}

const bundle = async (name = 'bundleV03-intoto.sigstore') =>
  JSON.parse(await readFile(path.join(JS, name), 'utf8')) as object

describe('#checkAttestations', () => {
  it('asks GitHub by sha256 and passes for a bundle that verifies under the policy and names the asset', async () => {
    const { check, proven, asked } = await run([await bundle()])
    expect(asked).toEqual([`sha256:${SHA256}`])
    expect(check).toMatchObject({ status: 'pass' })
    expect(check?.message).toMatch(/signed by brian@dehamer\.com/)
    expect([...proven]).toEqual([asset.name])
  })

  it('passes when one of several attestations holds (as gh attestation verify), keeping the others as evidence', async () => {
    const other = await run([await bundle()], {
      policy: { ...policy, certificateIdentity: 'mallory@example.com' },
    })
    expect(other.check).toMatchObject({ status: 'fail' })
    expect(other.check?.message).toMatch(/not by the expected identity mallory@example\.com/)
    const { check } = await run([{ mediaType: 'nonsense' }, await bundle('bundleV02-dsse.sigstore')])
    expect(check).toMatchObject({ status: 'pass' })
    expect(check?.evidence).toMatchObject({ attestations: [{ ok: false }, { ok: true }] })
  })

  it('fails a bundle whose in-toto subject is other bytes', async () => {
    const other = { ...asset, digests: { sha256: SHA256, sha512: 'b'.repeat(128) } }
    const suite = new SuiteBuilder('verify-artifacts', LEG)
    const proven = await checkAttestations(suite, [other], {
      mode: 'verify',
      fetchBundles: async () => [await bundle()],
      trustedRoot: await loadTrustedRoot(PRODUCTION_ROOT),
      policy,
      source: {},
    })
    const mismatch = suite.finish().checks[0]
    expect(mismatch).toMatchObject({ id: `attestation:${asset.name}`, status: 'fail' })
    expect(mismatch?.message).toMatch(
      /about pkg:npm\/sigstore@1\.0\.0 sha512:7bea9f6e7ff37f5f…, not this artifact/,
    )
    expect(proven.size).toBe(0)
  })

  it('skips an asset GitHub holds no attestation for, and fails it when attestations are required', async () => {
    expect((await run([])).check).toMatchObject({ status: 'skip' })
    const required = await run([], { mode: 'require' })
    expect(required.check).toMatchObject({
      status: 'fail',
      message: `GitHub holds no attestation for sha256:${SHA256}`,
    })
    expect(required.proven.size).toBe(0)
  })

  it('with a source expected, fails an attestation that is not SLSA provenance', async () => {
    const { check } = await run([await bundle()], { source: { repository: 'sigstore/sigstore-js' } })
    expect(check).toMatchObject({ status: 'fail' })
    expect(check?.message).toMatch(/publish\/v0\.1 attestation, not SLSA provenance/)
  })
})

// The predicate GitHub's actions/attest-build-provenance writes (https://slsa.dev/provenance/v1).
const predicate = {
  buildDefinition: {
    buildType: 'https://actions.github.io/buildtypes/workflow/v1',
    externalParameters: {
      workflow: {
        ref: 'refs/tags/v1.2.3',
        repository: 'https://github.com/acme/app',
        path: '.github/workflows/release.yml',
      },
    },
    resolvedDependencies: [
      { uri: 'git+https://github.com/acme/app@refs/tags/v1.2.3', digest: { gitCommit: 'c0ffee' } },
    ],
  },
}

describe('#checkProvenanceSource', () => {
  it('accepts the repository as owner/name or URL and the ref in full or short', () => {
    expect(checkProvenanceSource(predicate, { repository: 'acme/app', ref: 'v1.2.3' })).toEqual({
      ok: true,
      repository: 'https://github.com/acme/app',
      ref: 'refs/tags/v1.2.3',
    })
    expect(
      checkProvenanceSource(predicate, { repository: 'https://github.com/Acme/App', ref: 'refs/tags/v1.2.3' })
        .ok,
    ).toBe(true)
  })

  it('names what the provenance says when it differs', () => {
    expect(checkProvenanceSource(predicate, { repository: 'acme/other' })).toEqual({
      ok: false,
      reason: 'the provenance names source repository https://github.com/acme/app, not acme/other',
    })
    expect(checkProvenanceSource(predicate, { ref: 'refs/heads/v1.2.3' })).toMatchObject({ ok: false })
    expect(checkProvenanceSource({}, { ref: 'v1' })).toEqual({
      ok: false,
      reason: 'the provenance names no source ref',
    })
  })

  it('falls back to the first resolved dependency', () => {
    const { resolvedDependencies } = predicate.buildDefinition
    expect(provenanceSource({ buildDefinition: { resolvedDependencies } })).toEqual({
      repository: 'https://github.com/acme/app',
      ref: 'refs/tags/v1.2.3',
    })
  })
})

describe('#attestationPolicy', () => {
  it('defaults, like gh attestation verify --repo, to a workflow of the repository via GitHub Actions', () => {
    const p = attestationPolicy({}, 'acme/app.js')
    expect(p.certificateOidcIssuer).toBe(GITHUB_ACTIONS_ISSUER)
    const re = new RegExp(p.certificateIdentityRegexp as string)
    expect(re.test('https://github.com/acme/app.js/.github/workflows/release.yml@refs/tags/v1')).toBe(true)
    expect(re.test('https://github.com/acme/appXjs/.github/workflows/release.yml@refs/tags/v1')).toBe(false)
    expect(re.test('https://github.com/evil/x/.github/workflows/a.yml?https://github.com/acme/app.js/')).toBe(
      false,
    )
  })

  it('takes the Sigstore identity inputs when given', () => {
    expect(attestationPolicy({ certificateIdentity: 'x' }, 'acme/app')).toEqual({
      certificateIdentity: 'x',
      certificateOidcIssuer: GITHUB_ACTIONS_ISSUER,
    })
  })
})
