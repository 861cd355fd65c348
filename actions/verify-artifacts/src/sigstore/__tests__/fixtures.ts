import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'

export const SIGSTORE = path.join(FIXTURES, 'sigstore')
export const CONFORMANCE = path.join(SIGSTORE, 'conformance')
export const PRODUCTION_ROOT = path.join(SIGSTORE, 'trusted-roots/public-good-production.trusted_root.json')
export const STAGING_ROOT = path.join(SIGSTORE, 'trusted-roots/public-good-staging.trusted_root.json')

/** The identity every conformance bundle is signed with unless its folder says otherwise (SOURCES.md). */
export const BEACON_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main'
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'

export interface ConformanceCase {
  name: string
  shouldPass: boolean
  bundlePath: string
  artifactPath: string
  /** Its own trusted_root.json, or undefined for public-good production. */
  trustedRootPath: string | undefined
  identity: string
  issuer: string
  publicKey: string | undefined
}

/** Every case folder, read as sigstore-conformance's README says the harness must read it. */
export function conformanceCases(): ConformanceCase[] {
  return readdirSync(CONFORMANCE, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = path.join(CONFORMANCE, entry.name)
      const file = (name: string) => path.join(dir, name)
      const optional = (name: string) =>
        existsSync(file(name)) ? readFileSync(file(name), 'utf8').trim() : undefined
      return {
        name: entry.name,
        shouldPass: !entry.name.endsWith('_fail'),
        bundlePath: file('bundle.sigstore.json'),
        artifactPath: existsSync(file('artifact')) ? file('artifact') : path.join(CONFORMANCE, 'a.txt'),
        trustedRootPath: existsSync(file('trusted_root.json')) ? file('trusted_root.json') : undefined,
        identity: optional('identity') ?? BEACON_IDENTITY,
        issuer: optional('issuer') ?? GITHUB_ISSUER,
        publicKey: optional('key.pub'),
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}
