import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { loadTrustedRoot } from '../trusted-root.ts'
import type { SigstoreFailureCode } from '../types.ts'
import { verifySigstoreBundle } from '../verify-bundle.ts'
import { conformanceCases } from './fixtures.ts'
import { withoutNetwork } from './no-network.ts'

// Why each `_fail` case fails, as its README says: the code and the words prove it fails for that reason.
const EXPECTED_FAILURE: Record<string, [SigstoreFailureCode, RegExp]> = {
  'bundle-from-wrong-instance_fail': [
    'UNTRUSTED_CERTIFICATE',
    /no valid certificate path.*another Sigstore instance/,
  ],
  'bundle-malformed-json_fail': ['MALFORMED', /not valid JSON/],
  'bundle-unknown-version_fail': ['UNSUPPORTED_MEDIA_TYPE', /version=99\.9.*expected one of/],
  'dsse-mismatch-sig_fail': ['TRANSPARENCY_LOG', /signature mismatch/],
  'incorrect-public-key_fail': ['TRANSPARENCY_LOG', /inclusion promise could not be verified/],
  'integrated-time-in-future_fail': ['UNTRUSTED_CERTIFICATE', /not valid or expired at the specified date/],
  'intoto-expired-certificate_fail': ['UNTRUSTED_CERTIFICATE', /not valid or expired at the specified date/],
  'invalid-inclusion-proof_fail': ['MALFORMED', /inclusionProof\.checkpoint/],
  'managed-key-wrong-key_fail': ['KEY', /public key cannot be read/],
  'message-digest-mismatch_fail': ['DIGEST_MISMATCH', /sha256 is a0cfc712.*bundle signs a1cfc712/],
}

const cases = conformanceCases()

describe('#verifySigstoreBundle', () => {
  describe('with the sigstore-conformance bundle-verify cases', () => {
    it('reads every case folder, all ten _fail cases among them', () => {
      expect(cases.filter((c) => !c.shouldPass).map((c) => c.name)).toEqual(
        Object.keys(EXPECTED_FAILURE).sort(),
      )
      expect(cases.filter((c) => c.shouldPass).length).toBeGreaterThanOrEqual(9)
    })

    it.each(cases)('$name: passes only when it should, with no network access', async (testCase) => {
      const trustedRoot = await loadTrustedRoot(testCase.trustedRootPath)
      const bundle = await readFile(testCase.bundlePath)
      const { result, attempts } = await withoutNetwork(() =>
        verifySigstoreBundle({
          bundle,
          artifactPath: testCase.artifactPath,
          trustedRoot,
          offline: true,
          policy: {
            certificateIdentity: testCase.identity,
            certificateOidcIssuer: testCase.issuer,
            ...(testCase.publicKey === undefined ? {} : { publicKey: testCase.publicKey }),
          },
        }),
      )
      expect(attempts).toEqual([])
      if (testCase.shouldPass) {
        expect(result).toMatchObject({ valid: true })
        expect(result.reason).toBeUndefined()
        if (testCase.publicKey === undefined) {
          expect(result.signer).toMatchObject({ identity: testCase.identity, issuer: testCase.issuer })
        }
      } else {
        expect(result.valid).toBe(false)
        const [code, reason] = EXPECTED_FAILURE[testCase.name] ?? []
        expect(result.code).toBe(code)
        expect(result.reason).toMatch(reason ?? /never/)
      }
    })
  })

  describe('when the network guard is in place', () => {
    it('catches a fetch, so an empty attempts list means something', async () => {
      const { attempts } = await withoutNetwork(async () => {
        try {
          await fetch('http://127.0.0.1:9/')
        } catch {
          // The guard throws; what matters is that it recorded the attempt.
        }
      })
      expect(attempts).toEqual(['fetch(http://127.0.0.1:9/)'])
    })
  })
})
