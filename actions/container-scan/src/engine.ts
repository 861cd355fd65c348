import path from 'node:path'
import {
  type EngineContext,
  isPostflightError,
  PostflightError,
  SuiteBuilder,
  type SuiteResult,
  versionFromTag,
} from '@postflight/core'
import { openImage, parseImagePlatform } from './image/open-image.ts'
import type { ScanOptions } from './inputs.ts'
import { loadPolicy } from './policy/index.ts'
import { selectPlatforms } from './scan/platforms.ts'
import { scanPlatform } from './scan/scan-platform.ts'
import { expiredIgnoresOutcome, type GateSettings, gateVerdict } from './scan/vuln-gate.ts'
import { type ReportTool, readReport, runReport } from './scan/vuln-sources.ts'
import { writeSarif, writeSbom } from './scan/write-outputs.ts'
import { type Finding, type InventoryPackage, SEVERITIES } from './types.ts'
import { loadIgnoreFile, loadOsvDatabase, matchPackages, type ParsedReport } from './vuln/index.ts'

export const SUITE = 'container-scan'

/** The leg's name: the image without its registry host, or the archive's file name. */
function legLabel(options: ScanOptions): string {
  if (options.archive) return path.basename(options.archive)
  if (options.image) return options.image.replace(/^docker-daemon:/, '').replace(/^[^/]*[.:][^/]*\//, '')
  return path.basename(options['trivy-report'] ?? options['grype-report'] ?? 'report')
}

function imageTitle(options: ScanOptions): string {
  if (options.archive) return 'The image archive can be read'
  return options.image?.startsWith('docker-daemon:')
    ? 'The image is in the local daemon'
    : 'The image is published'
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
  const name = options.image ?? options.archive ?? legLabel(options)
  const packages: InventoryPackage[] = []
  const findings: Finding[] = []
  let digest: string | undefined

  if (options.image || options.archive) {
    const opened = await ctx.logger.group(`Resolve ${name}`, async () => {
      try {
        return await openImage({
          ...(options.image ? { image: options.image } : {}),
          ...(options.archive ? { archive: options.archive } : {}),
          ...(options['registry-username'] ? { username: options['registry-username'] } : {}),
          ...(options['registry-password'] ? { password: options['registry-password'] } : {}),
          workDir: ctx.workDir,
          signal: ctx.signal,
          secret: (v) => ctx.secrets.add(v),
        })
      } catch (err) {
        // An image that is not published is a failed release; anything else means we could not look.
        if (!isPostflightError(err, 'NOT_FOUND')) throw err
        suite.add({
          id: `image:${name}`,
          title: imageTitle(options),
          status: 'fail',
          message: err.message,
        })
        return undefined
      }
    })
    if (opened) {
      try {
        digest = opened.digest
        const platforms = opened.images.map((i) => i.platform)
        suite.add({
          id: `image:${name}`,
          title: imageTitle(options),
          status: 'pass',
          message: `${opened.digest} (${opened.multiArch ? 'index' : 'manifest'}): ${platforms.join(', ')}`,
          evidence: { digest: opened.digest, source: opened.source, platforms },
        })
        for (const image of selectPlatforms(suite, opened, options.platforms)) {
          ctx.signal.throwIfAborted()
          const scan = await scanPlatform(
            suite,
            opened,
            image,
            { policy, ...(tag ? { tag } : {}), ...(version ? { version } : {}), now },
            ctx,
          )
          if (scan.packages) packages.push(...scan.packages)
          if (!db) continue
          const id = `vulnerabilities:${image.platform}`
          const title = `No blocking vulnerability in ${image.platform}`
          if (!scan.packages) {
            suite.add({
              id,
              title,
              status: 'error',
              message: 'no inventory to match: the layers could not be read',
            })
            continue
          }
          const verdict = gateVerdict(matchPackages(scan.packages, db), gate)
          suite.add({ id, title, ...verdict.outcome })
          findings.push(...verdict.kept)
        }
      } finally {
        await opened.dispose?.()
      }
    }
  }

  const reports: Array<[ReportTool, () => Promise<ParsedReport>]> = []
  if (options.scanner) {
    const target = options.archive
      ? { archive: options.archive }
      : { image: (options.image ?? '').replace(/^docker-daemon:/, '') }
    const tool = options.scanner
    reports.push([tool, () => ctx.logger.group(`Run ${tool}`, () => runReport(tool, target, ctx))])
  }
  if (options['trivy-report'])
    reports.push(['trivy', () => readReport('trivy', options['trivy-report'] as string, 'trivy-report')])
  if (options['grype-report'])
    reports.push(['grype', () => readReport('grype', options['grype-report'] as string, 'grype-report')])
  for (const [tool, read] of reports) {
    const report = await read()
    const verdict = gateVerdict(report.findings, gate)
    suite.add({
      id: suite.uniqueId(`vulnerabilities:${tool}`),
      title: `No blocking vulnerability found by ${tool}`,
      ...verdict.outcome,
    })
    findings.push(...verdict.kept)
    // The image's own inventory is the SBOM when there is one; a report alone brings its packages.
    if (!options.image && !options.archive) packages.push(...report.packages)
  }
  if (!db && reports.length === 0) {
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

  const tool = db || reports.length !== 1 ? 'postflight' : (reports[0]?.[0] ?? 'postflight')
  const sarif = options['sarif-file']
  if (sarif) await suite.run('output:sarif', 'SARIF written', () => writeSarif(sarif, findings, name, tool))
  const sbom = options['sbom-file']
  if (sbom)
    await suite.run('output:sbom', 'CycloneDX SBOM written', () =>
      writeSbom(sbom, packages, name, digest, findings),
    )
  return suite.finish()
}
