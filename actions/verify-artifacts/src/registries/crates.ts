import type { SuiteBuilder } from '@postflight/core'
import { baseUrl, fetchJson } from './fetch-json.ts'
import type { CratesTarget, RegistryContext, RegistryDigests, RegistryFile } from './types.ts'

/** The part of crates.io's `/api/v1/crates/<crate>/<version>` these checks read. */
interface CrateVersion {
  version?: { num?: string; checksum?: string; yanked?: boolean; dl_path?: string }
}

export const CRATES_API = 'https://crates.io'

/**
 * `registry:crates:<crate>@<version>` (published, and not yanked) and `registry:crates:checksum`
 * (the sha256 crates.io records, `cksum` in the index, against the release's `.crate`).
 */
export async function checkCrates(
  suite: SuiteBuilder,
  files: readonly RegistryFile[],
  digests: RegistryDigests,
  target: CratesTarget,
  ctx: RegistryContext,
): Promise<void> {
  const api = baseUrl(target.api ?? CRATES_API)
  const { crate, version } = target
  let checksum: string | undefined
  const url = `${api}/api/v1/crates/${encodeURIComponent(crate)}/${encodeURIComponent(version)}`
  await suite.run(`registry:crates:${crate}@${version}`, `${crate} ${version} is on crates.io`, async () => {
    const found = await fetchJson<CrateVersion>(url, ctx)
    if (!found) return { status: 'fail', message: `${api} has no ${crate} ${version}`, evidence: { api } }
    const attempts = found.attempts > 1 ? { attempts: found.attempts, flaky: true } : {}
    const v = found.body.version
    if (!v?.checksum)
      return { status: 'error', message: `${api} answered for ${crate} ${version} without a checksum` }
    checksum = v.checksum.toLowerCase()
    const evidence = { api, checksum, ...(v.dl_path ? { download: v.dl_path } : {}) }
    // A yanked version still downloads for existing lockfiles but no new build will pick it.
    if (v.yanked)
      return { status: 'warn', message: `${crate} ${version} is yanked on ${api}`, evidence, ...attempts }
    return { status: 'pass', message: `${crate} ${version} is on ${api}`, evidence, ...attempts }
  })

  const id = 'registry:crates:checksum'
  const title = `The .crate of ${crate} ${version} on crates.io is the release's`
  if (!checksum) {
    suite.add({
      id,
      title,
      status: 'skip',
      message: `not checked: ${crate} ${version} could not be read from ${api}`,
    })
    return
  }
  const expectedName = `${crate}-${version}.crate`
  const crates = files.filter((f) => f.name.endsWith('.crate'))
  const file = crates.find((f) => f.name === expectedName) ?? (crates.length === 1 ? crates[0] : undefined)
  if (!file) {
    suite.add({
      id,
      title,
      status: 'skip',
      message: `the release attaches no ${expectedName} (or a single .crate)`,
    })
    return
  }
  const actual = digests.get(file.name)?.sha256?.toLowerCase()
  if (!actual) {
    suite.add({ id, title, status: 'error', message: `no sha256 was computed for ${file.name}` })
    return
  }
  const ok = actual === checksum
  suite.add({
    id,
    title,
    status: ok ? 'pass' : 'fail',
    message: ok
      ? `${file.name} has the checksum crates.io records`
      : `${file.name} is not the crate crates.io serves: crates.io records ${checksum}, the release's file has ${actual}`,
    evidence: { file: file.name, sha256: checksum, ...(ok ? {} : { actual }) },
  })
}
