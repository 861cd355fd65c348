import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundleFromLogEntry } from '../rekor-bundle.ts'
import { defaultRekorUrl, PUBLIC_GOOD_REKOR } from '../rekor-search.ts'
import { loadTrustedRoot } from '../trusted-root.ts'
import { CONFORMANCE, PRODUCTION_ROOT, STAGING_ROOT } from './fixtures.ts'
import { logEntryFromBundle } from './rekor-fake.ts'

const SIGNED = path.join(CONFORMANCE, 'happy-path-v0.1/bundle.sigstore.json')

async function material(bundleFile: string) {
  const bundle = JSON.parse(await readFile(bundleFile, 'utf8'))
  return {
    bundle,
    pair: {
      digest: Buffer.from(bundle.messageSignature.messageDigest.digest, 'base64').toString('hex'),
      signature: bundle.messageSignature.signature as string,
      certificateDer: Buffer.from(
        bundle.verificationMaterial.x509CertificateChain.certificates[0].rawBytes,
        'base64',
      ),
    },
  }
}

describe('bundleFromLogEntry', () => {
  it('rebuilds the tlog entry the real bundle carries, from Rekor API form (hex) back to base64', async () => {
    const { bundle, pair } = await material(SIGNED)
    const { uuid, entry } = await logEntryFromBundle(SIGNED)
    const made = bundleFromLogEntry(pair, entry)
    expect(made).toMatchObject({ of: 'pair', leafHash: uuid })
    if (!('bundle' in made)) throw new Error('no bundle made')
    expect(made.bundle).toEqual({
      ...bundle,
      mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    })
  })

  it('skips an entry of another certificate or kind', async () => {
    const { pair } = await material(SIGNED)
    const { entry } = await logEntryFromBundle(path.join(CONFORMANCE, 'happy-path-v0.3/bundle.sigstore.json'))
    expect(bundleFromLogEntry(pair, entry)).toEqual({ of: 'other' })
    const notJson = {
      ...entry,
      body: Buffer.from('{"kind":"intoto","apiVersion":"0.0.2"}').toString('base64'),
    }
    expect(bundleFromLogEntry(pair, notJson)).toEqual({ of: 'other' })
  })
})

describe('defaultRekorUrl', () => {
  it("is public-good for its root, and the first log of another Sigstore's root", async () => {
    expect(defaultRekorUrl(await loadTrustedRoot(PRODUCTION_ROOT))).toBe(PUBLIC_GOOD_REKOR)
    expect(defaultRekorUrl(await loadTrustedRoot(STAGING_ROOT))).toBe('https://rekor.sigstage.dev')
  })
})
