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

// Trivy's JSON report, schema version 2 (`trivy image --format json`). Only what Postflight reads is
// declared; the rest passes through, so new Trivy fields never break a scan.

const Cvss = z.object({
  V2Vector: z.string().optional(),
  V3Vector: z.string().optional(),
  V40Vector: z.string().optional(),
  V2Score: z.number().optional(),
  V3Score: z.number().optional(),
  V40Score: z.number().optional(),
})

const Identifier = z.object({ PURL: z.string().optional() }).nullish()

const Vulnerability = z.object({
  VulnerabilityID: z.string().min(1),
  PkgName: z.string().min(1),
  PkgPath: z.string().optional(),
  PkgIdentifier: Identifier,
  InstalledVersion: z.string(),
  FixedVersion: z.string().optional(),
  Severity: z.string(),
  Title: z.string().optional(),
  Description: z.string().optional(),
  PrimaryURL: z.string().optional(),
  VendorIDs: z.array(z.string()).nullish(),
  CVSS: z.record(z.string(), Cvss).nullish(),
  Layer: z.object({ DiffID: z.string().optional(), Digest: z.string().optional() }).nullish(),
})

const Package = z.object({
  Name: z.string().min(1),
  Version: z.string(),
  SrcName: z.string().optional(),
  Identifier,
  Licenses: z.array(z.string()).nullish(),
  FilePath: z.string().optional(),
  Layer: z.object({ DiffID: z.string().optional(), Digest: z.string().optional() }).nullish(),
})

const Result = z.object({
  Target: z.string(),
  Class: z.string().optional(),
  Type: z.string().nullish(),
  Vulnerabilities: z.array(Vulnerability).nullish(),
  Packages: z.array(Package).nullish(),
})

export const TrivyReport = z.object({
  SchemaVersion: z.literal(2),
  ArtifactName: z.string().optional(),
  Metadata: z.object({ OS: z.object({ Family: z.string(), Name: z.string() }).nullish() }).nullish(),
  Results: z.array(Result).nullish(),
})

type Result = z.infer<typeof Result>

// Trivy's result types (pkg/fanal/types/const.go) as OSV ecosystems.
const ECOSYSTEMS: Record<string, Ecosystem> = {
  alpine: 'Alpine',
  wolfi: 'Alpine',
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  redhat: 'Red Hat',
  centos: 'Red Hat',
  rocky: 'Rocky Linux',
  alma: 'AlmaLinux',
  npm: 'npm',
  yarn: 'npm',
  pnpm: 'npm',
  bun: 'npm',
  'node-pkg': 'npm',
  pip: 'PyPI',
  pipenv: 'PyPI',
  poetry: 'PyPI',
  uv: 'PyPI',
  'python-pkg': 'PyPI',
  gobinary: 'Go',
  gomod: 'Go',
  jar: 'Maven',
  pom: 'Maven',
  gradle: 'Maven',
  sbt: 'Maven',
  gemspec: 'RubyGems',
  bundler: 'RubyGems',
  cargo: 'crates.io',
  'rust-binary': 'crates.io',
  nuget: 'NuGet',
  'dotnet-core': 'NuGet',
  composer: 'Packagist',
  'composer-vendor': 'Packagist',
}

function packageOf(
  result: Result,
  ecosystem: Ecosystem,
  distroVersion: string | undefined,
  p: {
    name: string
    version: string
    purl?: string
    path?: string
    layer?: string
    src?: string
    licenses?: string[]
  },
): InventoryPackage {
  const pkg: InventoryPackage = {
    name: p.name,
    version: p.version,
    ecosystem,
    purl: p.purl ?? purlFor(ecosystem, p.name, p.version),
    licenses: p.licenses ?? [],
    location: p.path ?? osPackageDb(ecosystem) ?? result.Target,
  }
  if (p.layer) pkg.layer = p.layer
  if (distroVersion && result.Class === 'os-pkgs') pkg.distroVersion = distroVersion
  if (p.src && p.src !== p.name) pkg.sourceName = p.src
  return pkg
}

/** Reads a Trivy JSON report (schema 2): findings with severity, fix, package and purl; packages when listed. */
export function parseTrivyReport(json: unknown, file: string): ParsedReport {
  const report = parseReport(TrivyReport, json, file, 'trivy', 'trivy-report')
  const os = report.Metadata?.OS
  const findings: Finding[] = []
  const packages: InventoryPackage[] = []
  for (const result of report.Results ?? []) {
    const ecosystem = ECOSYSTEMS[result.Type ?? ''] ?? 'other'
    const distroVersion = distroRelease(ecosystem, os?.Name)
    const byName = new Map<string, InventoryPackage>()
    for (const p of result.Packages ?? []) {
      const pkg = packageOf(result, ecosystem, distroVersion, {
        name: p.Name,
        version: p.Version,
        purl: p.Identifier?.PURL,
        path: p.FilePath,
        layer: p.Layer?.Digest ?? p.Layer?.DiffID,
        src: p.SrcName,
        licenses: p.Licenses ?? undefined,
      })
      byName.set(`${p.Name}@${p.Version}`, pkg)
      packages.push(pkg)
    }
    for (const v of result.Vulnerabilities ?? []) {
      const pkg =
        byName.get(`${v.PkgName}@${v.InstalledVersion}`) ??
        packageOf(result, ecosystem, distroVersion, {
          name: v.PkgName,
          version: v.InstalledVersion,
          purl: v.PkgIdentifier?.PURL,
          path: v.PkgPath,
          layer: v.Layer?.Digest ?? v.Layer?.DiffID,
        })
      if (!byName.has(`${v.PkgName}@${v.InstalledVersion}`)) packages.push(pkg)
      const cvss = Object.entries(v.CVSS ?? {}).sort(([a], [b]) => Number(b === 'nvd') - Number(a === 'nvd'))
      const scored = scoreOf(cvss.flatMap(([, c]) => [c.V40Vector, c.V3Vector, c.V2Vector]))
      const finding: Finding = {
        id: v.VulnerabilityID,
        aliases: (v.VendorIDs ?? []).filter((id) => id !== v.VulnerabilityID),
        package: pkg,
        installedVersion: v.InstalledVersion,
        severity: toolSeverity(v.Severity),
        source: 'trivy',
      }
      const fixed = fixOnLine((v.FixedVersion ?? '').split(','), v.InstalledVersion, ecosystem)
      if (fixed) finding.fixedVersion = fixed
      if (scored) Object.assign(finding, scored)
      const summary = v.Title ?? v.Description?.split('\n')[0]
      if (summary) finding.summary = summary
      if (v.PrimaryURL) finding.url = v.PrimaryURL
      findings.push(finding)
    }
  }
  return { findings, packages: uniquePackages(packages) }
}
