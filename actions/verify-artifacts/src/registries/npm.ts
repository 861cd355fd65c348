import type { SuiteBuilder } from '@postflight/core'
import { baseUrl, fetchJson } from './fetch-json.ts'
import { attestationsOutcome, integrityOutcome, type NpmDist } from './npm-outcomes.ts'
import { findNpmTarball, npmPackName, packumentUrl } from './npm-tarball.ts'
import { releaseDigest } from './release-digest.ts'
import { strongestSri } from './sri.ts'
import type { NpmTarget, RegistryContext, RegistryDigests, RegistryFile } from './types.ts'

interface Packument {
  'dist-tags'?: Record<string, string>
  versions?: Record<string, { dist?: NpmDist }>
}

export const NPM_REGISTRY = 'https://registry.npmjs.org'

/**
 * `registry:npm:<pkg>@<version>` (the version is published), `registry:npm:integrity` (its tarball
 * is the release's `.tgz`, byte for byte) and `registry:npm:attestations`. When the version is not
 * there, the other two are recorded as skipped so their ids stay stable.
 */
export async function checkNpm(
  suite: SuiteBuilder,
  files: readonly RegistryFile[],
  digests: RegistryDigests,
  target: NpmTarget,
  ctx: RegistryContext,
): Promise<void> {
  const registry = baseUrl(target.registry ?? NPM_REGISTRY)
  const { package: pkg, version } = target
  let dist: NpmDist | undefined
  await suite.run(`registry:npm:${pkg}@${version}`, `${pkg}@${version} is published on npm`, async () => {
    const found = await fetchJson<Packument>(packumentUrl(registry, pkg), ctx, {
      ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
      // The abbreviated document (what npm install reads) still carries `dist` whole, and it is a
      // fraction of the full packument of a package with thousands of versions.
      headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*' },
      credentialsHint: target.token
        ? 'the registry refused npm-token'
        : 'the registry wants credentials: give npm-token',
    })
    const attempts = found && found.attempts > 1 ? { attempts: found.attempts, flaky: true } : {}
    if (!found)
      return { status: 'fail', message: `${registry} has no package ${pkg}`, evidence: { registry } }
    const entry = found.body.versions?.[version]
    const latest = found.body['dist-tags']?.latest
    if (!entry) {
      return {
        status: 'fail',
        message: `${registry} has ${pkg} but not version ${version}${latest ? ` (latest is ${latest})` : ''}`,
        evidence: { registry, ...(latest ? { latest } : {}) },
        ...attempts,
      }
    }
    dist = entry.dist ?? {}
    return {
      status: 'pass',
      message: `${pkg}@${version} is on ${registry}${latest ? ` (latest is ${latest})` : ''}`,
      evidence: {
        registry,
        ...(dist.tarball ? { tarball: dist.tarball } : {}),
        ...(latest ? { latest } : {}),
      },
      ...attempts,
    }
  })

  const integrityTitle = `The npm tarball of ${pkg}@${version} is the release's`
  const attestTitle = `${pkg}@${version} has npm attestations`
  const published = dist
  if (!published) {
    const message = `not checked: ${pkg}@${version} could not be read from ${registry}`
    suite.add({ id: 'registry:npm:integrity', title: integrityTitle, status: 'skip', message })
    suite.add({ id: 'registry:npm:attestations', title: attestTitle, status: 'skip', message })
    return
  }
  await suite.run('registry:npm:integrity', integrityTitle, async () => {
    const file = findNpmTarball(files, pkg, version, target.tarball)
    if (!file) {
      return target.tarball
        ? { status: 'fail', message: `the release has no file ${target.tarball} (input tarball)` }
        : {
            status: 'skip',
            message: `the release attaches no npm tarball (${npmPackName(pkg, version)}, or a single .tgz)`,
          }
    }
    const sri = strongestSri(published.integrity)
    const registryHash = sri ?? (published.shasum ? shasumAsSri(published.shasum) : undefined)
    if (!registryHash)
      return { status: 'error', message: `${registry} records no integrity for ${pkg}@${version}` }
    const actual = await releaseDigest(file, registryHash.algorithm, digests, ctx.signal)
    return integrityOutcome(
      file.name,
      registryHash,
      actual,
      published.integrity ?? `sha1 ${published.shasum}`,
    )
  })
  suite.add({
    id: 'registry:npm:attestations',
    title: attestTitle,
    ...attestationsOutcome(published, target.requireAttestations ?? false),
  })
}

/** Very old versions carry only `shasum` (sha1 hex). */
function shasumAsSri(hex: string): { algorithm: 'sha1'; base64: string } {
  return { algorithm: 'sha1', base64: Buffer.from(hex, 'hex').toString('base64') }
}
