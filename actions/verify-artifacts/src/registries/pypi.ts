import type { SuiteBuilder } from '@postflight/core'
import { baseUrl, fetchJson } from './fetch-json.ts'
import { isDistOf } from './python-dist.ts'
import type { PypiTarget, RegistryContext, RegistryDigests, RegistryFile } from './types.ts'

/** The parts of PyPI's JSON API (`/pypi/<project>/<version>/json`) these checks read. */
interface PypiRelease {
  info?: { name?: string; version?: string; yanked?: boolean; yanked_reason?: string | null }
  urls?: Array<{ filename: string; digests?: { sha256?: string }; packagetype?: string; yanked?: boolean }>
}

export const PYPI_INDEX = 'https://pypi.org'

/**
 * `registry:pypi:<project>@<version>` (the version is on the index, with files), then one
 * `registry:pypi:<file>` per distribution file either side has: the same sha256 when both have it,
 * a warning for a file only one side has (PyPI serving bytes the release does not vouch for, or a
 * wheel the release built that never reached PyPI).
 */
export async function checkPypi(
  suite: SuiteBuilder,
  files: readonly RegistryFile[],
  digests: RegistryDigests,
  target: PypiTarget,
  ctx: RegistryContext,
): Promise<void> {
  const index = baseUrl(target.index ?? PYPI_INDEX)
  const { package: project, version } = target
  const url = `${index}/pypi/${encodeURIComponent(project)}/${encodeURIComponent(version)}/json`
  let onPypi: NonNullable<PypiRelease['urls']> | undefined
  await suite.run(`registry:pypi:${project}@${version}`, `${project} ${version} is on PyPI`, async () => {
    const found = await fetchJson<PypiRelease>(url, ctx)
    if (!found)
      return { status: 'fail', message: `${index} has no ${project} ${version}`, evidence: { index } }
    const attempts = found.attempts > 1 ? { attempts: found.attempts, flaky: true } : {}
    onPypi = found.body.urls ?? []
    const evidence = { index, files: onPypi.map((u) => u.filename) }
    if (onPypi.length === 0) {
      return {
        status: 'fail',
        message: `${index} lists ${project} ${version} with no files`,
        evidence,
        ...attempts,
      }
    }
    if (found.body.info?.yanked) {
      const reason = found.body.info.yanked_reason ? `: ${found.body.info.yanked_reason}` : ''
      return {
        status: 'warn',
        message: `${project} ${version} is yanked on ${index}${reason}`,
        evidence,
        ...attempts,
      }
    }
    return { status: 'pass', message: `${onPypi.length} file(s) on ${index}`, evidence, ...attempts }
  })
  if (!onPypi) return

  const remote = new Map(onPypi.map((u) => [u.filename, u]))
  const local = new Map(files.map((f) => [f.name, f]))
  const names = new Set([
    ...remote.keys(),
    ...files.filter((f) => isDistOf(f.name, project, version)).map((f) => f.name),
  ])
  for (const name of [...names].sort()) {
    const id = `registry:pypi:${name}`
    const title = `${name} on PyPI is the release's`
    const pypiFile = remote.get(name)
    const releaseFile = local.get(name)
    if (!releaseFile) {
      suite.add({
        id,
        title,
        status: 'warn',
        message: `${name} is on PyPI but not attached to the release: its bytes are vouched for by nothing here`,
      })
      continue
    }
    if (!pypiFile) {
      suite.add({ id, title, status: 'warn', message: `${name} is attached to the release but not on PyPI` })
      continue
    }
    const expected = pypiFile.digests?.sha256?.toLowerCase()
    const actual = digests.get(name)?.sha256?.toLowerCase()
    if (!expected || !actual) {
      suite.add({
        id,
        title,
        status: 'error',
        message: `no sha256 ${expected ? 'for the release file' : 'from PyPI'} to compare`,
      })
      continue
    }
    const ok = expected === actual
    suite.add({
      id,
      title,
      status: ok ? 'pass' : 'fail',
      message: ok
        ? 'same sha256 on PyPI and in the release'
        : `sha256 mismatch: PyPI serves ${expected}, the release has ${actual}`,
      evidence: {
        sha256: expected,
        ...(ok ? {} : { actual }),
        ...(pypiFile.packagetype ? { packagetype: pypiFile.packagetype } : {}),
      },
    })
  }
}
