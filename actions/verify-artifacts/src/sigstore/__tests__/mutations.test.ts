import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { isPostflightError } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadTrustedRoot } from '../trusted-root.ts'
import type { SigstorePolicy, SigstoreTrustedRoot } from '../types.ts'
import { verifySigstoreBundle } from '../verify-bundle.ts'
import { BEACON_IDENTITY, CONFORMANCE, GITHUB_ISSUER } from './fixtures.ts'
import { withoutNetwork } from './no-network.ts'

// biome-ignore lint/suspicious/noExplicitAny: tests poke into bundle JSON at known paths
type Json = Record<string, any>

const A_TXT = path.join(CONFORMANCE, 'a.txt')
const BEACON: SigstorePolicy = { certificateIdentity: BEACON_IDENTITY, certificateOidcIssuer: GITHUB_ISSUER }

async function bundleJson(caseName: string): Promise<Json> {
  return JSON.parse(await readFile(path.join(CONFORMANCE, caseName, 'bundle.sigstore.json'), 'utf8'))
}

describe('#verifySigstoreBundle', () => {
  let dir: string
  let production: SigstoreTrustedRoot
  let flipped: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'postflight-sigstore-'))
    production = await loadTrustedRoot()
    const bytes = await readFile(A_TXT)
    bytes[0] = (bytes[0] ?? 0) ^ 0x01
    flipped = path.join(dir, 'a.txt')
    await writeFile(flipped, bytes)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  async function verify(bundle: object, policy: SigstorePolicy = BEACON, artifactPath = A_TXT) {
    const { result, attempts } = await withoutNetwork(() =>
      verifySigstoreBundle({ bundle, artifactPath, trustedRoot: production, policy, offline: true }),
    )
    expect(attempts).toEqual([])
    return result
  }

  describe('when the artifact changed', () => {
    it('fails a message signature when one byte differs, giving both digests', async () => {
      const verdict = await verify(await bundleJson('happy-path-v0.3'), BEACON, flipped)
      expect(verdict).toMatchObject({ valid: false, code: 'DIGEST_MISMATCH' })
      expect(verdict.reason).toMatch(/^The artifact's sha256 is [0-9a-f]{64}, but the bundle signs a0cfc712/)
    })

    it('still fails when the bundle digest is forged to match: the log and signature bind the bytes', async () => {
      const bundle = await bundleJson('happy-path-v0.3')
      const { createHash } = await import('node:crypto')
      bundle.messageSignature.messageDigest.digest = createHash('sha256')
        .update(await readFile(flipped))
        .digest('base64')
      const verdict = await verify(bundle, BEACON, flipped)
      expect(verdict).toMatchObject({ valid: false, code: 'TRANSPARENCY_LOG' })
      expect(verdict.reason).toMatch(/digest mismatch/)
    })

    it('fails a DSSE bundle whose subject is another file, naming the subject', async () => {
      const verdict = await verify(await bundleJson('happy-path-intoto-in-dsse-v3'), BEACON, flipped)
      expect(verdict).toMatchObject({ valid: false, kind: 'dsse', code: 'SUBJECT_MISMATCH' })
      expect(verdict.reason).toMatch(/about a\.txt sha256:a0cfc71271d6e278…, not this artifact/)
    })
  })

  describe('when the DSSE payload changed', () => {
    it('fails even though the subject still matches the artifact', async () => {
      const bundle = await bundleJson('happy-path-intoto-in-dsse-v3')
      const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'))
      statement.predicate = { tampered: true }
      bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64')
      const verdict = await verify(bundle)
      expect(verdict).toMatchObject({ valid: false, code: 'TRANSPARENCY_LOG' })
    })

    it('fails a payload that is not an in-toto statement', async () => {
      const bundle = await bundleJson('happy-path-intoto-in-dsse-v3')
      bundle.dsseEnvelope.payloadType = 'text/plain'
      const verdict = await verify(bundle)
      expect(verdict).toMatchObject({ valid: false, code: 'SUBJECT_MISMATCH' })
      expect(verdict.reason).toMatch(/"text\/plain", not an in-toto statement/)
    })
  })

  describe('with an identity policy', () => {
    it.each([
      [
        'another identity',
        {
          certificateIdentity: 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1',
          certificateOidcIssuer: GITHUB_ISSUER,
        },
        'IDENTITY_MISMATCH',
        /^Signed by https:\/\/github\.com\/sigstore-conformance\/.*@refs\/heads\/main \(issuer https:\/\/token\.actions\.githubusercontent\.com\), not by the expected identity https:\/\/github\.com\/acme\//,
      ],
      [
        'another issuer',
        { certificateIdentity: BEACON_IDENTITY, certificateOidcIssuer: 'https://accounts.google.com' },
        'ISSUER_MISMATCH',
        /expected certificate-oidc-issuer is https:\/\/accounts\.google\.com/,
      ],
      [
        'a regexp that does not match',
        { certificateIdentityRegexp: '^https://github\\.com/acme/', certificateOidcIssuer: GITHUB_ISSUER },
        'IDENTITY_MISMATCH',
        /does not match certificate-identity-regexp \^https:/,
      ],
      [
        'no identity',
        { certificateOidcIssuer: GITHUB_ISSUER },
        'NO_POLICY',
        /No certificate-identity .* signed by https:\/\/github\.com\/sigstore-conformance\//,
      ],
      [
        'no issuer',
        { certificateIdentity: BEACON_IDENTITY },
        'NO_POLICY',
        /No certificate-oidc-issuer was given/,
      ],
    ] as const)('fails a valid bundle checked against %s', async (_label, policy, code, reason) => {
      const verdict = await verify(await bundleJson('happy-path-v0.2'), policy)
      expect(verdict).toMatchObject({
        valid: false,
        code,
        signer: { identity: BEACON_IDENTITY, issuer: GITHUB_ISSUER },
      })
      expect(verdict.reason).toMatch(reason)
    })

    it.each([
      [
        'the repository, unanchored like cosign',
        'sigstore-conformance/extremely-dangerous-public-oidc-beacon/',
      ],
      ['the whole identity, anchored', '^https://github\\.com/sigstore-conformance/.+@refs/heads/main$'],
    ])('passes a regexp that matches %s', async (_label, pattern) => {
      const verdict = await verify(await bundleJson('happy-path-v0.2'), {
        certificateIdentityRegexp: pattern,
        certificateOidcIssuer: GITHUB_ISSUER,
      })
      expect(verdict).toMatchObject({ valid: true, signer: { identity: BEACON_IDENTITY } })
    })

    it('throws BAD_INPUT naming the input for an invalid regexp', async () => {
      const error = await verify(await bundleJson('happy-path-v0.2'), {
        certificateIdentityRegexp: '(unclosed',
        certificateOidcIssuer: GITHUB_ISSUER,
      }).catch((err: unknown) => err)
      expect(isPostflightError(error, 'BAD_INPUT')).toBe(true)
      expect(error).toMatchObject({ field: 'certificate-identity-regexp' })
    })
  })

  describe('with a managed-key bundle', () => {
    it('asks for the public key when none is given', async () => {
      const verdict = await verify(await bundleJson('managed-key-happy-path'), BEACON)
      expect(verdict).toMatchObject({
        valid: false,
        code: 'NO_POLICY',
        signer: { keyHint: expect.any(String) },
      })
      expect(verdict.reason).toMatch(/managed key .* give its public key/)
    })

    it('fails with another valid key', async () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      const verdict = await verify(await bundleJson('managed-key-happy-path'), { publicKey })
      // Checked by the streamed verifier: the log entry alone does not pin the key for a managed-key bundle.
      expect(verdict).toMatchObject({ valid: false, code: 'SIGNATURE' })
      expect(verdict.reason).toMatch(/signature does not verify/)
    })
  })

  describe('when the bundle is not a usable Sigstore bundle', () => {
    it.each([
      ['a JSON array', [], 'MALFORMED', /not a JSON object/],
      [
        'no mediaType',
        { verificationMaterial: {} },
        'UNSUPPORTED_MEDIA_TYPE',
        /no mediaType; expected one of/,
      ],
      [
        'a legacy cosign bundle',
        { base64Signature: 'AAAA', cert: 'AAAA', rekorBundle: {} },
        'UNSUPPORTED_MEDIA_TYPE',
        /legacy cosign bundle/,
      ],
    ] as const)('fails %s', async (_label, bundle, code, reason) => {
      const verdict = await verify(bundle)
      expect(verdict).toMatchObject({ valid: false, code })
      expect(verdict.reason).toMatch(reason)
    })

    it('fails a bundle whose certificate is garbled', async () => {
      const bundle = await bundleJson('happy-path-v0.3')
      bundle.verificationMaterial.certificate.rawBytes = Buffer.from('not a certificate').toString('base64')
      const verdict = await verify(bundle)
      expect(verdict).toMatchObject({ valid: false, code: 'MALFORMED' })
      expect(verdict.reason).toMatch(/signing certificate cannot be read/)
    })

    it('accepts the bundle as bytes, text or parsed JSON alike', async () => {
      const file = path.join(CONFORMANCE, 'happy-path-v0.1', 'bundle.sigstore.json')
      const bytes = await readFile(file)
      for (const bundle of [bytes, bytes.toString('utf8'), JSON.parse(bytes.toString('utf8'))]) {
        expect(await verify(bundle)).toMatchObject({ valid: true, logIndex: expect.stringMatching(/^\d+$/) })
      }
    })
  })

  describe('when the artifact cannot be read', () => {
    it('throws IO naming the file', async () => {
      const missing = path.join(dir, 'missing.txt')
      const error = await verify(await bundleJson('happy-path-v0.3'), BEACON, missing).catch(
        (err: unknown) => err,
      )
      expect(isPostflightError(error, 'IO')).toBe(true)
      expect(error).toMatchObject({ field: missing })
    })

    it('throws ABORTED when the signal is already aborted', async () => {
      const error = await verifySigstoreBundle({
        bundle: await bundleJson('happy-path-v0.3'),
        artifactPath: A_TXT,
        trustedRoot: production,
        policy: BEACON,
        offline: true,
        signal: AbortSignal.abort(new Error('cancelled')),
      }).catch((err: unknown) => err)
      expect(isPostflightError(error, 'ABORTED')).toBe(true)
    })
  })
})
