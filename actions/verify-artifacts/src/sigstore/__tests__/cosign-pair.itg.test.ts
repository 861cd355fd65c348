// Keyless cosign `.sig` + `.pem` pairs. cosign itself is not installed here (and signing needs
// Fulcio), so the pairs come from two real sources:
//   - the real public-good signings in the fixtures: a Sigstore bundle holds exactly what
//     `cosign sign-blob --output-signature --output-certificate` writes for the same signing (the
//     message signature and the Fulcio leaf), so the pair is taken out of it and checked against
//     the real trusted roots, SCTs included;
//   - a local CA made with openssl (root → intermediate → leaf with a GitHub Actions SAN and the
//     Fulcio issuer extension) and a trusted root naming it, for the cases the fixtures lack.
import { execFileSync } from 'node:child_process'
import { createHash, createPublicKey } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite, type RawInputs } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'
import { verifySpec } from '../../index.ts'
import { verifyCosignPair } from '../cosign-pair.ts'
import { loadTrustedRoot } from '../trusted-root.ts'
import type { SigstoreTrustedRoot } from '../types.ts'

const SIGSTORE = path.join(FIXTURES, 'sigstore')
const ROOTS = path.join(SIGSTORE, 'trusted-roots')
const WORKFLOW = 'https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2'
const ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com'
const LOCAL_SAN = 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0'

let root: string
let production: SigstoreTrustedRoot
let staging: SigstoreTrustedRoot

/** The .sig and .pem cosign writes, taken from a message-signature bundle (the .pem base64, as cosign writes it). */
async function pairFromBundle(bundleFile: string): Promise<{ sig: Buffer; pem: Buffer; plainPem: Buffer }> {
  const bundle = JSON.parse(await readFile(bundleFile, 'utf8'))
  const material = bundle.verificationMaterial
  const der: string = material.certificate?.rawBytes ?? material.x509CertificateChain.certificates[0].rawBytes
  const plain = `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`
  return {
    sig: Buffer.from(`${bundle.messageSignature.signature}\n`),
    pem: Buffer.from(Buffer.from(plain).toString('base64')),
    plainPem: Buffer.from(plain),
  }
}

const openssl = (args: string[], cwd: string): string =>
  execFileSync('openssl', args, { cwd, encoding: 'utf8' })

/** A CA (root → intermediate), a leaf for LOCAL_SAN, and a trusted root naming the CA. */
async function localCa(dir: string, caValidFor: { start: string; end?: string }) {
  await mkdir(dir, { recursive: true })
  await writeFile(
    path.join(dir, 'pf.cnf'),
    [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      'O = test',
      '[leaf]',
      `subjectAltName = critical, URI:${LOCAL_SAN}`,
      'extendedKeyUsage = codeSigning',
      'keyUsage = critical, digitalSignature',
      `1.3.6.1.4.1.57264.1.8 = ASN1:UTF8String:${ACTIONS_ISSUER}`,
      'authorityKeyIdentifier = keyid',
      'subjectKeyIdentifier = hash',
      '[cacert]',
      'basicConstraints = critical, CA:true',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      '',
    ].join('\n'),
  )
  for (const k of ['root', 'int', 'leaf'])
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${k}.key`], dir)
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'root.key',
      '-subj',
      '/O=test/CN=test-root',
      '-days',
      '3650',
      '-out',
      'root.pem',
      '-config',
      'pf.cnf',
      '-extensions',
      'cacert',
    ],
    dir,
  )
  openssl(
    [
      'req',
      '-new',
      '-key',
      'int.key',
      '-subj',
      '/O=test/CN=test-intermediate',
      '-out',
      'int.csr',
      '-config',
      'pf.cnf',
    ],
    dir,
  )
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'int.csr',
      '-CA',
      'root.pem',
      '-CAkey',
      'root.key',
      '-CAcreateserial',
      '-days',
      '3650',
      '-extfile',
      'pf.cnf',
      '-extensions',
      'cacert',
      '-out',
      'int.pem',
    ],
    dir,
  )
  openssl(
    ['req', '-new', '-key', 'leaf.key', '-subj', '/O=test', '-out', 'leaf.csr', '-config', 'pf.cnf'],
    dir,
  )
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'int.pem',
      '-CAkey',
      'int.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      'pf.cnf',
      '-extensions',
      'leaf',
      '-out',
      'leaf.pem',
    ],
    dir,
  )
  const der = (pem: string): string => pem.replace(/-----[^-]+-----|\s/g, '')
  const logKey = createPublicKey(await readFile(path.join(dir, 'root.key'))).export({
    type: 'spki',
    format: 'der',
  })
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    // A log is listed because a root must name one; no pair is ever checked against it.
    tlogs: [
      {
        baseUrl: 'https://rekor.invalid',
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: logKey.toString('base64'),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: { start: '2020-01-01T00:00:00Z' },
        },
        logId: { keyId: createHash('sha256').update(logKey).digest('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'test', commonName: 'test-intermediate' },
        uri: 'https://fulcio.invalid',
        certChain: {
          certificates: [
            { rawBytes: der(await readFile(path.join(dir, 'int.pem'), 'utf8')) },
            { rawBytes: der(await readFile(path.join(dir, 'root.pem'), 'utf8')) },
          ],
        },
        validFor: caValidFor,
      },
    ],
    ctlogs: [],
    timestampAuthorities: [],
  }
  const rootFile = path.join(dir, 'trusted_root.json')
  await writeFile(rootFile, JSON.stringify(trustedRoot))
  /** Signs a file as cosign sign-blob does: ECDSA P-256 over SHA-256, DER, base64. */
  const sign = async (file: string): Promise<void> => {
    const der = execFileSync('openssl', ['dgst', '-sha256', '-sign', path.join(dir, 'leaf.key'), file])
    await writeFile(`${file}.sig`, `${der.toString('base64')}\n`)
    await writeFile(`${file}.pem`, (await readFile(path.join(dir, 'leaf.pem'))).toString('base64'))
  }
  return { rootFile, sign }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-cosign-'))
  ;[production, staging] = await Promise.all([
    loadTrustedRoot(path.join(ROOTS, 'public-good-production.trusted_root.json')),
    loadTrustedRoot(path.join(ROOTS, 'public-good-staging.trusted_root.json')),
  ])
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('verifyCosignPair with a real public-good signing (GitHub Actions identity)', () => {
  const artifact = path.join(SIGSTORE, 'sigstore-python/bundle_v3_github.whl')
  const bundle = `${artifact}.sigstore`
  const policy = { certificateIdentity: WORKFLOW, certificateOidcIssuer: ACTIONS_ISSUER }

  it('verifies signature, Fulcio chain and SCT against the production root, the .pem plain or base64', async () => {
    const pair = await pairFromBundle(bundle)
    for (const certificate of [pair.pem, pair.plainPem]) {
      const verdict = await verifyCosignPair({
        artifactPath: artifact,
        signature: pair.sig,
        certificate,
        trustedRoot: production,
        policy,
      })
      expect(verdict).toMatchObject({ ok: true, signer: { identity: WORKFLOW, issuer: ACTIONS_ISSUER } })
      if (verdict.ok) expect(verdict.scts.length).toBeGreaterThan(0)
    }
  })

  it.each([
    [
      'another identity',
      {
        ...policy,
        certificateIdentity: 'https://github.com/evil/repo/.github/workflows/x.yml@refs/heads/main',
      },
      'IDENTITY_MISMATCH',
    ],
    [
      'another issuer',
      { ...policy, certificateOidcIssuer: 'https://accounts.google.com' },
      'ISSUER_MISMATCH',
    ],
    [
      'an identity regexp it does not match',
      { certificateIdentityRegexp: '^https://github.com/acme/', certificateOidcIssuer: ACTIONS_ISSUER },
      'IDENTITY_MISMATCH',
    ],
  ])('fails under %s', async (_, p, code) => {
    const pair = await pairFromBundle(bundle)
    const verdict = await verifyCosignPair({
      artifactPath: artifact,
      signature: pair.sig,
      certificate: pair.pem,
      trustedRoot: production,
      policy: p,
    })
    expect(verdict).toMatchObject({ ok: false, code })
  })

  it('fails a changed file, and a root whose Fulcio did not issue the certificate (staging)', async () => {
    const pair = await pairFromBundle(bundle)
    const changed = path.join(root, 'changed.whl')
    await writeFile(changed, Buffer.concat([await readFile(artifact), Buffer.from('x')]))
    expect(
      await verifyCosignPair({
        artifactPath: changed,
        signature: pair.sig,
        certificate: pair.pem,
        trustedRoot: production,
        policy,
      }),
    ).toMatchObject({ ok: false, code: 'SIGNATURE' })
    expect(
      await verifyCosignPair({
        artifactPath: artifact,
        signature: pair.sig,
        certificate: pair.pem,
        trustedRoot: staging,
        policy,
      }),
    ).toMatchObject({ ok: false, code: 'UNTRUSTED_CERTIFICATE' })
  })

  it('fails a pair whose signature is another signing (from a different bundle)', async () => {
    const pair = await pairFromBundle(bundle)
    const other = await pairFromBundle(path.join(SIGSTORE, 'sigstore-python/bundle_v3.txt.sigstore'))
    const verdict = await verifyCosignPair({
      artifactPath: artifact,
      signature: other.sig,
      certificate: pair.pem,
      trustedRoot: production,
      policy,
    })
    expect(verdict).toMatchObject({ ok: false, code: 'SIGNATURE' })
  })

  it('says what is malformed', async () => {
    const pair = await pairFromBundle(bundle)
    expect(
      await verifyCosignPair({
        artifactPath: artifact,
        signature: Buffer.from('-----BEGIN PGP SIGNATURE-----'),
        certificate: pair.pem,
        trustedRoot: production,
        policy,
      }),
    ).toMatchObject({ ok: false, code: 'MALFORMED', reason: expect.stringContaining('not base64') })
    expect(
      await verifyCosignPair({
        artifactPath: artifact,
        signature: pair.sig,
        certificate: Buffer.from('hello'),
        trustedRoot: production,
        policy,
      }),
    ).toMatchObject({ ok: false, code: 'MALFORMED', reason: expect.stringContaining('no PEM certificate') })
  })
})

describe('verify-artifacts with cosign pairs signed by a local CA', () => {
  let dir: string
  let ca: Awaited<ReturnType<typeof localCa>>
  const run = async (raw: RawInputs, directory = dir) => {
    const execution = await executeSuite(verifySpec, {
      raw: { 'results-dir': path.join(root, 'results'), directory, 'check-archives': 'false', ...raw },
      style: 'cli',
      sink: () => {},
    })
    const checks = new Map<string, Check>(execution.result.checks.map((c) => [c.id, c]))
    return { exitCode: execution.exitCode, checks }
  }

  beforeAll(async () => {
    ca = await localCa(path.join(root, 'ca'), { start: '2020-01-01T00:00:00Z' })
    dir = path.join(root, 'release')
    await mkdir(dir)
    const asset = path.join(dir, 'app-1.0.0-linux-x64.tar.gz')
    await writeFile(asset, 'the release bytes\n')
    await ca.sign(asset)
    await writeFile(
      path.join(dir, 'SHA256SUMS'),
      `${createHash('sha256').update('the release bytes\n').digest('hex')}  app-1.0.0-linux-x64.tar.gz\n`,
    )
  })

  it('verifies the pair under the policy, but as a warning: nothing proves when it was signed', async () => {
    const { exitCode, checks } = await run({
      'trusted-root': ca.rootFile,
      'certificate-identity': LOCAL_SAN,
      'certificate-oidc-issuer': ACTIONS_ISSUER,
      'require-signature': 'false',
    })
    expect(checks.get('cosign:app-1.0.0-linux-x64.tar.gz')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('no transparency-log entry'),
      evidence: { transparencyLog: false, signer: { identity: LOCAL_SAN, issuer: ACTIONS_ISSUER } },
    })
    // The .sig is cosign's, not an OpenPGP signature, and the .pem is not an asset.
    expect(checks.has('signature:app-1.0.0-linux-x64.tar.gz')).toBe(false)
    expect(checks.get('assets:present')?.evidence).toMatchObject({ assets: 1, cosignPairs: 1, signatures: 0 })
    // The identity asked for needs a bundle: the pair alone does not satisfy it.
    expect(checks.get('sigstore:present')?.status).toBe('fail')
    expect(exitCode).toBe(1)
  })

  it('fails under another identity, and only warns (naming the signer) without a policy', async () => {
    const wrong = await run({
      'trusted-root': ca.rootFile,
      'certificate-identity': 'https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main',
      'certificate-oidc-issuer': ACTIONS_ISSUER,
    })
    expect(wrong.checks.get('cosign:app-1.0.0-linux-x64.tar.gz')?.status).toBe('fail')
    const none = await run({ 'trusted-root': ca.rootFile })
    expect(none.checks.get('cosign:app-1.0.0-linux-x64.tar.gz')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining(LOCAL_SAN),
    })
    expect(none.exitCode).toBe(0)
  })

  it('fails a certificate from a CA the trusted root does not name, or outside its validity', async () => {
    const otherCa = await localCa(path.join(root, 'other-ca'), { start: '2020-01-01T00:00:00Z' })
    const expired = await localCa(path.join(root, 'expired-ca'), {
      start: '2020-01-01T00:00:00Z',
      end: '2021-01-01T00:00:00Z',
    })
    for (const rootFile of [otherCa.rootFile, expired.rootFile]) {
      const { checks } = await run({ 'trusted-root': rootFile })
      expect(checks.get('cosign:app-1.0.0-linux-x64.tar.gz')).toMatchObject({
        status: 'fail',
        message: expect.stringContaining('does not chain to a certificate authority'),
      })
    }
  })

  it('fails a tampered asset', async () => {
    const tampered = path.join(root, 'tampered')
    await mkdir(tampered)
    const asset = path.join(tampered, 'app-1.0.0-linux-x64.tar.gz')
    await writeFile(asset, 'the release bytes\n')
    await ca.sign(asset)
    await writeFile(asset, 'other bytes\n')
    const { checks } = await run(
      {
        'trusted-root': ca.rootFile,
        'certificate-identity': LOCAL_SAN,
        'certificate-oidc-issuer': ACTIONS_ISSUER,
      },
      tampered,
    )
    expect(checks.get('cosign:app-1.0.0-linux-x64.tar.gz')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('does not verify'),
    })
  })
})
