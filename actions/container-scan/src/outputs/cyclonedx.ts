import { randomUUID } from 'node:crypto'
import { Enums, Models, Serialize, SPDX, Spec } from '@cyclonedx/cyclonedx-library'
import type { Finding, InventoryPackage, Severity } from '../types.ts'

// The SBOM, built with the CycloneDX library's models and serialised by its JSON serializer (spec
// 1.6), so the output follows the library's reading of the spec rather than a hand-made shape.

export interface CycloneDxOptions {
  image: string
  digest?: string
  findings?: Finding[]
  /** The BOM's timestamp; default now. */
  timestamp?: Date
  /** The BOM's serial number (`urn:uuid:…`); default a random one, as the spec asks per generated BOM. */
  serialNumber?: string
}

const SEVERITY: Record<Severity, Enums.Vulnerability.Severity> = {
  critical: Enums.Vulnerability.Severity.Critical,
  high: Enums.Vulnerability.Severity.High,
  medium: Enums.Vulnerability.Severity.Medium,
  low: Enums.Vulnerability.Severity.Low,
  unknown: Enums.Vulnerability.Severity.Unknown,
}

function method(vector: string | undefined): Enums.Vulnerability.RatingMethod | undefined {
  if (!vector) return undefined
  if (vector.startsWith('CVSS:4')) return Enums.Vulnerability.RatingMethod.CVSSv4
  if (vector.startsWith('CVSS:3.1')) return Enums.Vulnerability.RatingMethod.CVSSv31
  if (vector.startsWith('CVSS:3')) return Enums.Vulnerability.RatingMethod.CVSSv3
  return Enums.Vulnerability.RatingMethod.CVSSv2
}

function license(id: string, alone: boolean): Models.License {
  const spdx = SPDX.fixupSpdxId(id)
  if (spdx) return new Models.SpdxLicense(spdx)
  // CycloneDX takes either one expression or a list of licences, not both: a compound declaration
  // (`MIT OR Apache-2.0`) is an expression only when it is the package's sole licence.
  if (alone && /\s(AND|OR|WITH)\s/.test(id)) return new Models.LicenseExpression(id)
  return new Models.NamedLicense(id)
}

/** `registry/name:tag@sha256:…` → name and version (the tag, or the digest). */
function splitImage(image: string, digest: string | undefined): { name: string; version?: string } {
  const at = image.indexOf('@')
  const base = at >= 0 ? image.slice(0, at) : image
  const d = digest ?? (at >= 0 ? image.slice(at + 1) : undefined)
  const colon = base.lastIndexOf(':')
  const hasTag = colon > base.lastIndexOf('/')
  const name = hasTag ? base.slice(0, colon) : base
  const version = d ?? (hasTag ? base.slice(colon + 1) : undefined)
  return version ? { name, version } : { name }
}

function component(pkg: InventoryPackage, bomRef: string): Models.Component {
  const c = new Models.Component(Enums.ComponentType.Library, pkg.name, {
    bomRef,
    version: pkg.version,
    ...(pkg.purl ? { purl: pkg.purl } : {}),
  })
  for (const l of pkg.licenses) c.licenses.add(license(l, pkg.licenses.length === 1))
  c.properties.add(new Models.Property('postflight:ecosystem', pkg.ecosystem))
  c.properties.add(new Models.Property('postflight:location', pkg.location))
  if (pkg.layer) c.properties.add(new Models.Property('postflight:layer', pkg.layer))
  if (pkg.sourceName) c.properties.add(new Models.Property('postflight:source-package', pkg.sourceName))
  return c
}

/** A CycloneDX 1.6 JSON SBOM of the image's packages, with a vulnerabilities section when findings are given. */
export function toCycloneDx(packages: InventoryPackage[], options: CycloneDxOptions): object {
  const bom = new Models.Bom({ serialNumber: options.serialNumber ?? `urn:uuid:${randomUUID()}` })
  const { name, version } = splitImage(options.image, options.digest)
  bom.metadata.timestamp = options.timestamp ?? new Date()
  const image = new Models.Component(Enums.ComponentType.Container, name, {
    bomRef: 'image',
    ...(version ? { version } : {}),
  })
  bom.metadata.component = image
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'postflight container-scan', {
      group: 'postflight',
    }),
  )
  // One component per package and file: the same purl can sit in two places (two node_modules).
  const refs = new Map<InventoryPackage, Models.Component>()
  const used = new Set<string>()
  for (const pkg of packages) {
    let ref = pkg.purl || `${pkg.ecosystem}:${pkg.name}@${pkg.version}`
    for (let n = 2; used.has(ref); n++) ref = `${pkg.purl}#${n}`
    used.add(ref)
    const c = component(pkg, ref)
    refs.set(pkg, c)
    bom.components.add(c)
    image.dependencies.add(c.bomRef)
  }
  const byId = new Map<string, Finding[]>()
  for (const f of options.findings ?? []) byId.set(f.id, [...(byId.get(f.id) ?? []), f])
  for (const [id, list] of byId) {
    const first = list[0] as Finding
    const v = new Models.Vulnerability.Vulnerability({
      bomRef: `vuln:${id}`,
      id,
      source: new Models.Vulnerability.Source({
        name: first.source,
        ...(first.url ? { url: first.url } : {}),
      }),
      ...(first.summary ? { description: first.summary } : {}),
    })
    for (const alias of first.aliases) {
      v.references.add(new Models.Vulnerability.Reference(alias, new Models.Vulnerability.Source({})))
    }
    const m = method(first.cvssVector)
    v.ratings.add(
      new Models.Vulnerability.Rating({
        severity: SEVERITY[first.severity],
        ...(first.score !== undefined ? { score: first.score } : {}),
        ...(m ? { method: m } : {}),
        ...(first.cvssVector ? { vector: first.cvssVector } : {}),
      }),
    )
    const fixes: string[] = []
    for (const f of list) {
      let c = refs.get(f.package)
      if (!c) {
        // A finding on a package the inventory did not list (a scanner report): list it too.
        c = component(f.package, `${f.package.purl || f.package.name}#${id}`)
        refs.set(f.package, c)
        bom.components.add(c)
        image.dependencies.add(c.bomRef)
      }
      v.affects.add(
        new Models.Vulnerability.Affect(c.bomRef, {
          versions: new Models.Vulnerability.AffectedVersionRepository([
            new Models.Vulnerability.AffectedSingleVersion(f.installedVersion, {
              status: Enums.Vulnerability.AffectStatus.Affected,
            }),
          ]),
        }),
      )
      if (f.fixedVersion) fixes.push(`${f.package.name} ${f.fixedVersion}`)
    }
    if (fixes.length > 0) v.recommendation = `Upgrade to ${[...new Set(fixes)].join(', ')}.`
    bom.vulnerabilities.add(v)
  }
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6))
  return JSON.parse(serializer.serialize(bom, { sortLists: true })) as object
}
