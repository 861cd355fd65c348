import path from 'node:path'
import {
  type EngineContext,
  PostflightError,
  SuiteBuilder,
  type SuiteResult,
  versionFromTag,
} from '@postflight/core'
import { parseImagePlatform } from './image/open-image.ts'
import type { ScanOptions } from './inputs.ts'
import { loadPolicy } from './policy/index.ts'
import { scanImage } from './scan/scan-image.ts'
import { scanReports } from './scan/scan-reports.ts'
import { expiredIgnoresOutcome, type GateSettings } from './scan/vuln-gate.ts'
import { writeSarif, writeSbom } from './scan/write-outputs.ts'
import { SEVERITIES } from './types.ts'
import { loadIgnoreFile, loadOsvDatabase } from './vuln/index.ts'

export const SUITE = 'container-scan'

/** The leg's name: the image without its registry host, or the archive's file name. */
function legLabel(options: ScanOptions): string {
  if (options.archive) return path.basename(options.archive)
  if (options.image) return options.image.replace(/^docker-daemon:/, '').replace(/^[^/]*[.:][^/]*\//, '')
  return path.basename(options['trivy-report'] ?? options['grype-report'] ?? 'report')
}

function checkSources(options: ScanOptions): void {
  if (options.image && options.archive) {
    throw new PostflightError('BAD_INPUT', `inputs 'image' and 'archive' name two images: give one`, {
      field: 'archive',
    })
  }
  if (!options.image && !options.archive && !options['trivy-report'] && !options['grype-report']) {
    throw new PostflightError(
      'BAD_INPUT',
      `nothing to scan: give 'image' (name:tag), 'archive' (an OCI layout or docker save file), 'trivy-report' or 'grype-report'`,
      { field: 'image' },
    )
  }
  // A platform that cannot be read is bad input, found before any image is read.
  for (const p of options.platforms ?? []) parseImagePlatform(p)
  if (options.scanner && !options.image && !options.archive) {
    throw new PostflightError('BAD_INPUT', `input 'scanner' needs 'image' or 'archive' to scan`, {
      field: 'scanner',
    })
  }
}

/**
 * Checks a release image: every requested platform present, each platform's config against the
 * policy, its packages inventoried from its layers, and the vulnerabilities found in them (the
 * built-in OSV matcher, trivy or grype, or their reports) gated by severity after the ignore file.
 * Writes SARIF and a CycloneDX SBOM when asked; the verdict never depends on those files.
 */
export async function containerScan(options: ScanOptions, ctx: EngineContext): Promise<SuiteResult> {
  checkSources(options)
  const { tag } = options
  const version = tag ? versionFromTag(tag) : undefined
  const now = new Date()
  const policy = await loadPolicy(options.policy)
  const ignoreFile = options['ignore-file']
  const ignores = ignoreFile ? await loadIgnoreFile(ignoreFile) : []
  const suite = new SuiteBuilder(
    SUITE,
    { ...ctx.leg, label: legLabel(options) },
    { ...(tag ? { tag } : {}), ...(version ? { version } : {}) },
  )
  ctx.attach?.(suite)
  const gate: GateSettings = {
    threshold: options['severity-threshold'],
    ignoreUnfixed: options['ignore-unfixed'],
    ignores,
    now,
  }
  const db = options['osv-db']
    ? await ctx.logger.group('Load the OSV database', () => loadOsvDatabase(options['osv-db'] as string))
    : undefined
  const image =
    options.image || options.archive
      ? await scanImage(
          suite,
          options,
          { policy, db, gate, ...(tag ? { tag } : {}), ...(version ? { version } : {}) },
          ctx,
        )
      : undefined
  const reports = await scanReports(suite, options, gate, ctx)
  const packages = [...(image?.packages ?? []), ...reports.packages]
  const findings = [...(image?.findings ?? []), ...reports.findings]

  if (!db && reports.tools.length === 0) {
    suite.add({
      id: 'vulnerabilities',
      title: 'Vulnerabilities are checked',
      status: 'skip',
      message: `no vulnerability source: set 'osv-db', 'scanner', 'trivy-report' or 'grype-report'`,
    })
  }
  if (ignoreFile)
    suite.add({
      id: 'ignore-file',
      title: 'Ignored findings are still in force',
      ...expiredIgnoresOutcome(ignores, now, ignoreFile),
    })

  suite.metric('packages', packages.length, 'count')
  suite.metric('findings', findings.length, 'count')
  for (const s of SEVERITIES)
    suite.metric(`findings-${s}`, findings.filter((f) => f.severity === s).length, 'count')

  const name = options.image ?? options.archive ?? legLabel(options)
  const tool = db || reports.tools.length !== 1 ? 'postflight' : (reports.tools[0] ?? 'postflight')
  const sarif = options['sarif-file']
  if (sarif) await suite.run('output:sarif', 'SARIF written', () => writeSarif(sarif, findings, name, tool))
  const sbom = options['sbom-file']
  if (sbom)
    await suite.run('output:sbom', 'CycloneDX SBOM written', () =>
      writeSbom(sbom, packages, name, image?.digest, findings),
    )
  return suite.finish()
}
