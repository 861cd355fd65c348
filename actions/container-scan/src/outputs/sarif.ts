import { createHash } from 'node:crypto'
import type { Finding, Severity } from '../types.ts'

// SARIF 2.1.0 for GitHub code scanning: one rule per advisory (help text, `security-severity` that
// code scanning uses to rank alerts), one result per finding located at the package's file inside the
// image, with a fingerprint that stays the same across versions of the package so an alert is
// tracked, not re-opened, when a rebuild changes the version but not the verdict.

export interface SarifOptions {
  image: string
  tool: 'postflight' | 'trivy' | 'grype'
  /** Distinguishes several images' uploads in one repository (runAutomationDetails.id). */
  category?: string
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  unknown: 'note',
}

// A score inside each band, for findings whose source gave a rating but no CVSS score.
const BAND_SCORE: Record<Severity, number | undefined> = {
  critical: 9.5,
  high: 8.0,
  medium: 5.5,
  low: 2.0,
  unknown: undefined,
}

const DRIVER: Record<SarifOptions['tool'], { name: string; informationUri: string }> = {
  postflight: {
    name: 'Postflight container-scan',
    informationUri: 'https://github.com/postflight/postflight',
  },
  trivy: { name: 'Trivy', informationUri: 'https://github.com/aquasecurity/trivy' },
  grype: { name: 'Grype', informationUri: 'https://github.com/anchore/grype' },
}

/** Image names without tag or digest, so a fingerprint survives retagging. */
function imageName(image: string): string {
  return image.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[\w][\w.-]*$/, '')
}

/** A relative uri for the package's file in the image: code scanning rejects absolute and schemed uris. */
function artifactUri(location: string): string {
  const rel = location.replace(/^\/+/, '') || 'image'
  return rel.split('/').map(encodeURIComponent).join('/')
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

function worst(findings: Finding[]): Finding {
  return findings.reduce((a, b) =>
    (b.score ?? BAND_SCORE[b.severity] ?? 0) > (a.score ?? BAND_SCORE[a.severity] ?? 0) ? b : a,
  )
}

function rule(id: string, findings: Finding[]) {
  const top = worst(findings)
  const score = top.score ?? BAND_SCORE[top.severity]
  const packages = [...new Set(findings.map((f) => f.package.name))].join(', ')
  const fixes = [...new Set(findings.map((f) => f.fixedVersion ?? 'no fix yet'))].join(', ')
  const url = top.url
  const title = top.summary ?? `${id} in ${packages}`
  const aliases = top.aliases.length > 0 ? `Aliases: ${top.aliases.join(', ')}\n` : ''
  return {
    id,
    name: 'ContainerPackageVulnerability',
    shortDescription: { text: title },
    fullDescription: { text: `${id}: ${title}` },
    ...(url ? { helpUri: url } : {}),
    help: {
      text: `Vulnerability ${id}\n${aliases}Severity: ${top.severity}\nPackages: ${packages}\nFixed in: ${fixes}${url ? `\nLink: ${url}` : ''}`,
      markdown: `**Vulnerability ${id}**\n\n| Severity | Packages | Fixed in | Link |\n| --- | --- | --- | --- |\n| ${top.severity} | ${cell(packages)} | ${cell(fixes)} | ${url ? `[${id}](${url})` : id} |\n\n${cell(title)}`,
    },
    defaultConfiguration: { level: LEVEL[top.severity] },
    properties: {
      tags: ['security', 'vulnerability', top.severity],
      precision: 'very-high',
      ...(score !== undefined ? { 'security-severity': score.toFixed(1) } : {}),
      ...(top.cvssVector ? { cvssVector: top.cvssVector } : {}),
    },
  }
}

function fingerprint(f: Finding, image: string): string {
  const key = [imageName(image), f.id, f.package.ecosystem, f.package.name, f.package.location].join('\n')
  return createHash('sha256').update(key).digest('hex')
}

/** A SARIF 2.1.0 log of the findings of one image, ready for github/codeql-action/upload-sarif. */
export function toSarif(findings: Finding[], options: SarifOptions): object {
  const byId = new Map<string, Finding[]>()
  for (const f of findings) byId.set(f.id, [...(byId.get(f.id) ?? []), f])
  const ids = [...byId.keys()].sort()
  const rules = ids.map((id) => rule(id, byId.get(id) as Finding[]))
  const results = findings.map((f) => {
    const what = `${f.package.name}@${f.installedVersion}`
    const fix = f.fixedVersion ? `Fixed in ${f.fixedVersion}.` : 'No fixed version yet.'
    return {
      ruleId: f.id,
      ruleIndex: ids.indexOf(f.id),
      level: LEVEL[f.severity],
      message: {
        text: `${what} in ${options.image} is affected by ${f.id} (${f.severity}${f.score !== undefined ? ` ${f.score}` : ''}). ${fix}`,
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(f.package.location) },
            region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
          },
          message: { text: `${options.image}: ${what} (${f.package.location})` },
        },
      ],
      partialFingerprints: { 'postflightFinding/v1': fingerprint(f, options.image) },
      properties: {
        purl: f.package.purl,
        source: f.source,
        ...(f.package.layer ? { layer: f.package.layer } : {}),
      },
    }
  })
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { ...DRIVER[options.tool], rules } },
        ...(options.category ? { automationDetails: { id: `${options.category.replace(/\/$/, '')}/` } } : {}),
        results,
        properties: { image: options.image },
      },
    ],
  }
}
