import type { EngineContext, SuiteBuilder } from '@postflight/core'
import { DOCKER_HUB, parseImageReference } from '../image/reference.ts'
import type { ScanOptions } from '../inputs.ts'
import type { Finding, InventoryPackage } from '../types.ts'
import type { ParsedReport } from '../vuln/index.ts'
import type { ScannerCredentials } from '../vuln/scanner.ts'
import { type GateSettings, gateVerdict } from './vuln-gate.ts'
import { type ReportTool, readReport, runReport } from './vuln-sources.ts'

/** The credential inputs for the scanner, when it reads `image` from a registry. */
export function scannerCredentials(options: ScanOptions): ScannerCredentials | undefined {
  const username = options['registry-username']
  const password = options['registry-password']
  const image = options.image
  if (!username || !password || !image || image.startsWith('docker-daemon:')) return undefined
  const host = parseImageReference(image).host
  // Docker Hub's credentials are keyed by index.docker.io in the tools' keychains.
  return { registry: host === DOCKER_HUB ? 'index.docker.io' : host, username, password }
}

export interface ReportScan {
  tools: ReportTool[]
  packages: InventoryPackage[]
  findings: Finding[]
}

/**
 * The scanner's report (`scanner`) and the reports given as inputs, each gated on its own
 * (`vulnerabilities:trivy`, `vulnerabilities:grype`). Their packages are kept only when there is no
 * image: the image's own inventory is the SBOM when there is one.
 */
export async function scanReports(
  suite: SuiteBuilder,
  options: ScanOptions,
  gate: GateSettings,
  ctx: EngineContext,
): Promise<ReportScan> {
  const reports: Array<[ReportTool, () => Promise<ParsedReport>]> = []
  const scanner = options.scanner
  if (scanner) {
    const target = options.archive
      ? { archive: options.archive }
      : { image: (options.image ?? '').replace(/^docker-daemon:/, '') }
    const credentials = scannerCredentials(options)
    reports.push([
      scanner,
      () => ctx.logger.group(`Run ${scanner}`, () => runReport(scanner, target, ctx, credentials)),
    ])
  }
  const trivy = options['trivy-report']
  if (trivy) reports.push(['trivy', () => readReport('trivy', trivy, 'trivy-report')])
  const grype = options['grype-report']
  if (grype) reports.push(['grype', () => readReport('grype', grype, 'grype-report')])

  const result: ReportScan = { tools: reports.map(([tool]) => tool), packages: [], findings: [] }
  for (const [tool, read] of reports) {
    const report = await read()
    const verdict = gateVerdict(report.findings, gate)
    suite.add({
      id: suite.uniqueId(`vulnerabilities:${tool}`),
      title: `No blocking vulnerability found by ${tool}`,
      ...verdict.outcome,
    })
    result.findings.push(...verdict.kept)
    if (!options.image && !options.archive) result.packages.push(...report.packages)
  }
  return result
}
