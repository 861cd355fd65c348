// cosign verify-blob style pairs checked online: the signing's entry is looked up in a loopback
// Rekor serving the real public-good entry of a conformance signing (happy-path-v0.1 carries it:
// same signature, certificate and log entry cosign sign-blob would have written as .sig, .pem and
// logged), and verified against the real production trusted root.
import { createHash } from 'node:crypto'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite, type RawInputs } from '@postflight/core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { verifySpec } from '../../index.ts'
import { BEACON_IDENTITY, CONFORMANCE, GITHUB_ISSUER, PRODUCTION_ROOT } from './fixtures.ts'
import { withoutNetwork } from './no-network.ts'
import { logEntryFromBundle, type RekorFake, startRekorFake } from './rekor-fake.ts'

const SIGNED = path.join(CONFORMANCE, 'happy-path-v0.1/bundle.sigstore.json')
// Another real signing of the same a.txt, logged at another index.
const OTHER = path.join(CONFORMANCE, 'happy-path-v0.3/bundle.sigstore.json')
const CHECK = 'cosign:a.txt'

let root: string
let dir: string
let rekor: RekorFake | undefined

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-rekor-pair-'))
  dir = path.join(root, 'release')
  await mkdir(dir)
  await copyFile(path.join(CONFORMANCE, 'a.txt'), path.join(dir, 'a.txt'))
  const digest = createHash('sha256')
    .update(await readFile(path.join(dir, 'a.txt')))
    .digest('hex')
  await writeFile(path.join(dir, 'SHA256SUMS'), `${digest}  a.txt\n`)
  const bundle = JSON.parse(await readFile(SIGNED, 'utf8'))
  const der: string = bundle.verificationMaterial.x509CertificateChain.certificates[0].rawBytes
  const pem = `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`
  // What cosign sign-blob --output-signature / --output-certificate write: base64 signature, base64 PEM.
  await writeFile(path.join(dir, 'a.txt.sig'), `${bundle.messageSignature.signature}\n`)
  await writeFile(path.join(dir, 'a.txt.pem'), Buffer.from(pem).toString('base64'))
})
afterAll(() => rm(root, { recursive: true, force: true }))
afterEach(async () => {
  await rekor?.close()
  rekor = undefined
})

async function run(raw: RawInputs) {
  const execution = await executeSuite(verifySpec, {
    raw: {
      'results-dir': path.join(root, 'results'),
      directory: dir,
      'check-archives': 'false',
      'trusted-root': PRODUCTION_ROOT,
      offline: 'false',
      ...(rekor ? { 'rekor-url': rekor.url } : {}),
      ...raw,
    },
    style: 'cli',
    sink: () => {},
  })
  const checks = new Map<string, Check>(execution.result.checks.map((c) => [c.id, c]))
  return { exitCode: execution.exitCode, checks }
}

const policy = { 'certificate-identity': BEACON_IDENTITY, 'certificate-oidc-issuer': GITHUB_ISSUER }

describe('cosign .sig/.pem pairs with offline: false', () => {
  it('passes a pair whose signing Rekor holds, and counts it as the signature require-signature asks for', async () => {
    rekor = await startRekorFake([await logEntryFromBundle(SIGNED), await logEntryFromBundle(OTHER)])
    const { exitCode, checks } = await run({ ...policy, 'require-signature': 'true' })
    expect(checks.get(CHECK)).toMatchObject({
      status: 'pass',
      evidence: {
        signer: { identity: BEACON_IDENTITY, issuer: GITHUB_ISSUER },
        transparencyLog: { rekor: rekor.url, logIndex: '27246492' },
        integratedTime: '2023-07-12T15:56:36.000Z',
      },
    })
    // The identity asked for is proven by the logged pair: no bundle is demanded.
    expect(checks.has('sigstore:present')).toBe(false)
    expect(checks.get('signatures:required')?.status).toBe('pass')
    expect([...checks.values()].filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([])
    expect(exitCode).toBe(0)
    // One search, for exactly this signing, as cosign proposes it.
    expect(rekor.searches).toHaveLength(1)
    expect(rekor.searches[0]?.entries?.[0]).toMatchObject({
      kind: 'hashedrekord',
      apiVersion: '0.0.1',
      spec: { data: { hash: { algorithm: 'sha256' } } },
    })
  })

  it('fails a pair Rekor holds no entry of, saying the signature itself verifies', async () => {
    rekor = await startRekorFake([await logEntryFromBundle(OTHER)])
    const { exitCode, checks } = await run(policy)
    expect(checks.get(CHECK)).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/verify, but .* holds no log entry of this signing/),
    })
    expect(exitCode).toBe(1)
  })

  it('fails when the log lies: another signing of the file, or a signed entry timestamp changed', async () => {
    const other = await logEntryFromBundle(OTHER)
    rekor = await startRekorFake([], () => ({ status: 200, body: [{ [other.uuid]: other.entry }] }))
    const lied = await run(policy)
    expect(lied.checks.get(CHECK)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('does not verify'),
    })
    await rekor.close()
    const real = await logEntryFromBundle(SIGNED)
    const set = Buffer.from(real.entry.verification?.signedEntryTimestamp ?? '', 'base64')
    set[set.length - 1] = (set[set.length - 1] ?? 0) ^ 1
    const forged = {
      ...real.entry,
      verification: { ...real.entry.verification, signedEntryTimestamp: set.toString('base64') },
    }
    rekor = await startRekorFake([{ uuid: real.uuid, entry: forged }])
    const bad = await run(policy)
    expect(bad.checks.get(CHECK)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('does not verify'),
    })
    expect(bad.exitCode).toBe(1)
  })

  it('fails the logged pair under another identity', async () => {
    rekor = await startRekorFake([await logEntryFromBundle(SIGNED)])
    const { checks } = await run({
      'certificate-identity': 'https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main',
      'certificate-oidc-issuer': GITHUB_ISSUER,
    })
    expect(checks.get(CHECK)).toMatchObject({
      status: 'fail',
      evidence: { transparencyLog: { logIndex: '27246492' } },
    })
  })

  it('is an error, never a pass, when Rekor refuses the search or answers something else', async () => {
    for (const answer of [
      { status: 400, body: { code: 400, message: 'bad' } },
      { status: 200, body: { not: 'a list' } },
    ]) {
      rekor = await startRekorFake([], () => answer)
      const { exitCode, checks } = await run(policy)
      expect(checks.get(CHECK)?.status).toBe('error')
      expect(exitCode).toBe(2)
      await rekor.close()
      rekor = undefined
    }
  })

  it('asks no Rekor with offline: true, where a verified pair stays a warning', async () => {
    rekor = await startRekorFake([await logEntryFromBundle(SIGNED)])
    const { result, attempts } = await withoutNetwork(() => run({ ...policy, offline: 'true' }))
    expect(attempts).toEqual([])
    expect(rekor.searches).toHaveLength(0)
    expect(result.checks.get(CHECK)).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('offline: true looks none up'),
    })
  })
})
