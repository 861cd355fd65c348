import path from 'node:path'
import { type Leg, SuiteBuilder } from '@postflight/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkSigstoreBundles, type SigstoreFile } from '../check-bundles.ts'
import { loadTrustedRoot } from '../trusted-root.ts'
import type { SigstoreTrustedRoot } from '../types.ts'
import { BEACON_IDENTITY, CONFORMANCE, GITHUB_ISSUER } from './fixtures.ts'
import { withoutNetwork } from './no-network.ts'

const leg: Leg = { os: 'linux', arch: 'x64', runner: 'test', label: 'linux-x64' }

// Release names are ours to choose; the bytes are the fixtures, read in place.
const bundle = (caseName: string) => path.join(CONFORMANCE, caseName, 'bundle.sigstore.json')
const files: SigstoreFile[] = [
  { name: 'a.txt', path: path.join(CONFORMANCE, 'a.txt'), size: 0 },
  { name: 'a.txt.sigstore.json', path: bundle('happy-path-v0.3'), size: 0 },
  { name: 'a.txt.sigstore', path: bundle('bundle-from-wrong-instance_fail'), size: 0 },
  { name: 'a.txt.bundle', path: bundle('happy-path-intoto-in-dsse-v3'), size: 0 },
  { name: 'gone.tar.gz.sigstore.json', path: bundle('happy-path-v0.2'), size: 0 },
  { name: 'App.bundle', path: path.join(CONFORMANCE, 'a.txt'), size: 0 },
]

describe('#checkSigstoreBundles', () => {
  let trustedRoot: SigstoreTrustedRoot
  beforeAll(async () => {
    trustedRoot = await loadTrustedRoot()
  })

  describe('with an identity policy', () => {
    it('records a check per bundle, unique ids, and returns the files a valid bundle covers', async () => {
      const suite = new SuiteBuilder('verify-artifacts', leg)
      const { result: covered, attempts } = await withoutNetwork(() =>
        checkSigstoreBundles(suite, files, {
          trustedRoot,
          policy: { certificateIdentity: BEACON_IDENTITY, certificateOidcIssuer: GITHUB_ISSUER },
        }),
      )
      expect(attempts).toEqual([])
      expect(covered).toEqual(new Set(['a.txt']))
      expect(suite.checks.map((c) => [c.id, c.status])).toEqual([
        ['sigstore:a.txt', 'pass'],
        ['sigstore:a.txt@a.txt.sigstore', 'fail'],
        ['sigstore:a.txt@a.txt.bundle', 'pass'],
        ['sigstore:gone.tar.gz', 'fail'],
      ])
      const [pass, staging, dsse, gone] = suite.checks
      expect(pass?.message).toBe(
        `signed by ${BEACON_IDENTITY} via ${GITHUB_ISSUER}, logged 2024-03-19T17:26:26.000Z`,
      )
      expect(pass?.evidence).toMatchObject({
        bundle: 'a.txt.sigstore.json',
        kind: 'message-signature',
        trustedRoot: trustedRoot.source,
      })
      expect(staging?.message).toMatch(/not trusted by this trusted root/)
      expect(dsse?.evidence).toMatchObject({ kind: 'dsse', predicateType: expect.any(String) })
      expect(gone?.message).toBe('gone.tar.gz.sigstore.json covers gone.tar.gz, which is not in the release')
    })
  })

  describe('without an identity policy', () => {
    it('warns, naming the identity to pin', async () => {
      const suite = new SuiteBuilder('verify-artifacts', leg)
      const covered = await checkSigstoreBundles(suite, files.slice(0, 2), { trustedRoot, policy: {} })
      expect(covered.size).toBe(0)
      expect(suite.checks).toMatchObject([
        { id: 'sigstore:a.txt', status: 'warn', evidence: { code: 'NO_POLICY' } },
      ])
      expect(suite.checks[0]?.message).toContain(BEACON_IDENTITY)
    })
  })

  describe('when a bundle-named file is huge', () => {
    it('fails without reading it', async () => {
      const suite = new SuiteBuilder('verify-artifacts', leg)
      const huge = [
        files[0] as SigstoreFile,
        { name: 'a.txt.sigstore.json', path: '/nonexistent', size: 9 * 1024 * 1024 },
      ]
      await checkSigstoreBundles(suite, huge, { trustedRoot, policy: {} })
      expect(suite.checks).toMatchObject([{ id: 'sigstore:a.txt', status: 'fail' }])
      expect(suite.checks[0]?.message).toMatch(/too large to be a Sigstore bundle/)
    })
  })
})
