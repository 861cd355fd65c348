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
import { type Entry, logEntryFromBundle, type RekorFake, startRekorFake } from './rekor-fake.ts'

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

function flipLast(base64: string | undefined): string {
  const bytes = Buffer.from(base64 ?? '', 'base64')
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1
  return bytes.toString('base64')
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

  it('fails a changed file on its own, without asking Rekor (which refuses such a search with 400)', async () => {
    rekor = await startRekorFake([await logEntryFromBundle(SIGNED)])
    const changed = path.join(root, 'changed')
    await mkdir(changed)
    for (const name of ['a.txt.sig', 'a.txt.pem'])
      await copyFile(path.join(dir, name), path.join(changed, name))
    await writeFile(path.join(changed, 'a.txt'), 'not what was signed\n')
    const { exitCode, checks } = await run({ ...policy, directory: changed })
    expect(checks.get(CHECK)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('the signature does not verify'),
    })
    expect(exitCode).toBe(1)
    expect(rekor.searches).toHaveLength(0)
  })

  it("passes over an entry of another signing of the file: only this certificate's entries count", async () => {
    const other = await logEntryFromBundle(OTHER)
    rekor = await startRekorFake([], () => ({ status: 200, body: [{ [other.uuid]: other.entry }] }))
    const { checks } = await run(policy)
    expect(checks.get(CHECK)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('holds no log entry of this signing'),
    })
  })

  it.each([
    [
      'a signed entry timestamp changed',
      (e: Entry): Entry => ({
        ...e,
        verification: {
          ...e.verification,
          signedEntryTimestamp: flipLast(e.verification?.signedEntryTimestamp),
        },
      }),
    ],
    // A minute later, still while the certificate was valid: only the signed entry timestamp catches it.
    ['an integrated time moved', (e: Entry): Entry => ({ ...e, integratedTime: e.integratedTime + 60 })],
  ])('fails a forged entry: %s', async (_, forge) => {
    const real = await logEntryFromBundle(SIGNED)
    rekor = await startRekorFake([{ uuid: real.uuid, entry: forge(real.entry) }])
    const { exitCode, checks } = await run(policy)
    expect(checks.get(CHECK)).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(
        /\(log index 27246492\) does not verify: .*inclusion promise could not be verified/,
      ),
    })
    expect(exitCode).toBe(1)
  })

  it('fails an entry without its signed entry timestamp', async () => {
    const real = await logEntryFromBundle(SIGNED)
    const { signedEntryTimestamp: _, ...verification } = real.entry.verification ?? {}
    rekor = await startRekorFake([{ uuid: real.uuid, entry: { ...real.entry, verification } }])
    const { checks } = await run(policy)
    expect(checks.get(CHECK)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('without its signed entry timestamp'),
    })
  })

  it("reports the entry's uuid as its leaf hash, whatever key Rekor answers with", async () => {
    const real = await logEntryFromBundle(SIGNED)
    rekor = await startRekorFake([], () => ({ status: 200, body: [{ deadbeef: real.entry }] }))
    const { checks } = await run(policy)
    expect(checks.get(CHECK)).toMatchObject({
      status: 'pass',
      evidence: { transparencyLog: { uuid: real.uuid } },
    })
  })

  it('fails the pair under another identity (before any search), and warns naming the signer without one', async () => {
    rekor = await startRekorFake([await logEntryFromBundle(SIGNED)])
    const wrong = await run({
      'certificate-identity': 'https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main',
      'certificate-oidc-issuer': GITHUB_ISSUER,
    })
    expect(wrong.checks.get(CHECK)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(BEACON_IDENTITY),
    })
    expect(rekor.searches).toHaveLength(0)
    const none = await run({})
    expect(none.checks.get(CHECK)).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/^No certificate-identity/),
      evidence: { transparencyLog: { logIndex: '27246492' } },
    })
    expect(rekor.searches).toHaveLength(1)
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
