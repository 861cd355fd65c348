import { z } from 'zod'
import type { Ecosystem, Finding, InventoryPackage } from '../types.ts'
import { distroRelease, osPackageDb, purlFor } from './purl.ts'
import {
  fixOnLine,
  type ParsedReport,
  parseReport,
  scoreOf,
  toolSeverity,
  uniquePackages,
} from './report-common.ts'

// Grype's JSON output (`grype IMAGE -o json`): `matches[]` of vulnerability + artifact. Only what
// Postflight reads is declared; the rest passes through.

const License = z.union([z.string(), z.object({ value: z.string() })])

const Match = z.object({
  vulnerability: z.object({
    id: z.string().min(1),
    dataSource: z.string().optional(),
    severity: z.string().optional(),
    description: z.string().optional(),
    urls: z.array(z.string()).nullish(),
    cvss: z.array(z.object({ version: z.string().optional(), vector: z.string().optional() })).nullish(),
    fix: z.object({ versions: z.array(z.string()).nullish(), state: z.string().optional() }).nullish(),
  }),
  relatedVulnerabilities: z.array(z.object({ id: z.string() })).nullish(),
  artifact: z.object({
    name: z.string().min(1),
    version: z.string(),
    type: z.string(),
    locations: z.array(z.object({ path: z.string(), layerID: z.string().optional() })).nullish(),
    licenses: z.array(License).nullish(),
    purl: z.string().nullish(),
    upstreams: z.array(z.object({ name: z.string(), version: z.string().optional() })).nullish(),
  }),
})

export const GrypeReport = z.object({
  matches: z.array(Match),
  distro: z.object({ name: z.string(), version: z.string() }).nullish(),
})

type Artifact = z.infer<typeof Match>['artifact']

// Syft's package types (syft/pkg/type.go) as OSV ecosystems; deb and rpm depend on the distro.
const ECOSYSTEMS: Record<string, Ecosystem> = {
  apk: 'Alpine',
  npm: 'npm',
  python: 'PyPI',
  'go-module': 'Go',
  'java-archive': 'Maven',
  'jenkins-plugin': 'Maven',
  gem: 'RubyGems',
  'rust-crate': 'crates.io',
  dotnet: 'NuGet',
  'php-composer': 'Packagist',
}

function ecosystemOf(type: string, distro: string | undefined): Ecosystem {
  if (type === 'deb') return distro === 'ubuntu' ? 'Ubuntu' : 'Debian'
  if (type === 'rpm')
    return distro === 'rocky' ? 'Rocky Linux' : distro === 'almalinux' ? 'AlmaLinux' : 'Red Hat'
  return ECOSYSTEMS[type] ?? 'other'
}

function packageOf(a: Artifact, ecosystem: Ecosystem, distroVersion: string | undefined): InventoryPackage {
  const location = a.locations?.[0]
  const pkg: InventoryPackage = {
    name: a.name,
    version: a.version,
    ecosystem,
    purl: a.purl || purlFor(ecosystem, a.name, a.version),
    licenses: (a.licenses ?? []).map((l) => (typeof l === 'string' ? l : l.value)),
    location: location?.path ?? osPackageDb(ecosystem) ?? a.name,
  }
  if (location?.layerID) pkg.layer = location.layerID
  if (distroVersion && (a.type === 'deb' || a.type === 'apk' || a.type === 'rpm'))
    pkg.distroVersion = distroVersion
  const upstream = a.upstreams?.[0]?.name
  if (upstream && upstream !== a.name) pkg.sourceName = upstream
  return pkg
}

/** Reads a Grype JSON report: findings with severity, fix, package and purl; the matched packages. */
export function parseGrypeReport(json: unknown, file: string): ParsedReport {
  const report = parseReport(GrypeReport, json, file, 'grype', 'grype-report')
  const findings: Finding[] = []
  const packages: InventoryPackage[] = []
  for (const m of report.matches) {
    const ecosystem = ecosystemOf(m.artifact.type, report.distro?.name)
    const pkg = packageOf(m.artifact, ecosystem, distroRelease(ecosystem, report.distro?.version))
    packages.push(pkg)
    const v = m.vulnerability
    const finding: Finding = {
      id: v.id,
      aliases: (m.relatedVulnerabilities ?? []).map((r) => r.id).filter((id) => id !== v.id),
      package: pkg,
      installedVersion: m.artifact.version,
      severity: toolSeverity(v.severity),
      source: 'grype',
    }
    const fixed =
      v.fix?.state === 'fixed' ? fixOnLine(v.fix.versions ?? [], m.artifact.version, ecosystem) : undefined
    if (fixed) finding.fixedVersion = fixed
    const versionRank = (s: string | undefined): number =>
      s?.startsWith('4') ? 0 : s?.startsWith('3') ? 1 : 2
    const scored = scoreOf(
      [...(v.cvss ?? [])]
        .sort((x, y) => versionRank(x.version) - versionRank(y.version))
        .map((c) => c.vector),
    )
    if (scored) Object.assign(finding, scored)
    const summary = v.description?.split('\n')[0]
    if (summary) finding.summary = summary
    const url = v.dataSource || v.urls?.[0]
    if (url) finding.url = url
    findings.push(finding)
  }
  return { findings, packages: uniquePackages(packages) }
}
