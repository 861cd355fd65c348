import tufPackage from '@sigstore/tuf/package.json' with { type: 'json' }
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' }

const PUBLIC_GOOD_TUF = 'https://tuf-repo-cdn.sigstore.dev'

/**
 * The public-good trusted_root.json that @sigstore/tuf ships as the seed of its TUF cache. It is the
 * same file a TUF client would start from, kept current by updating that package (Renovate/Dependabot),
 * and it is bundled into dist, so the action needs no network and no file beside it.
 */
export function embeddedPublicGoodRoot(): { json: string; source: string } {
  const encoded: string | undefined = seeds[PUBLIC_GOOD_TUF]?.targets?.['trusted_root.json']
  if (encoded === undefined)
    throw new Error(`@sigstore/tuf ${tufPackage.version} has no ${PUBLIC_GOOD_TUF} seed`)
  return {
    json: Buffer.from(encoded, 'base64').toString('utf8'),
    source: `public-good trusted root (embedded in @sigstore/tuf ${tufPackage.version})`,
  }
}
