import path from 'node:path'
import { type CheckOutcome, writeJsonAtomic } from '@postflight/core'
import { toCycloneDx, toSarif } from '../outputs/index.ts'
import type { Finding, InventoryPackage } from '../types.ts'

/** The SARIF file of the findings kept after the ignore file (uploadable to code scanning). */
export async function writeSarif(
  file: string,
  findings: Finding[],
  image: string,
  tool: 'postflight' | 'trivy' | 'grype',
): Promise<CheckOutcome> {
  await writeJsonAtomic(file, toSarif(findings, { image, tool }))
  return {
    status: 'pass',
    message: `${findings.length} findings written to ${file}`,
    evidence: { file: path.resolve(file) },
  }
}

/** The CycloneDX SBOM of every inventoried package, once each (by purl). */
export async function writeSbom(
  file: string,
  packages: InventoryPackage[],
  image: string,
  digest: string | undefined,
  findings: Finding[],
): Promise<CheckOutcome> {
  const unique = new Map<string, InventoryPackage>()
  for (const p of packages) if (!unique.has(p.purl)) unique.set(p.purl, p)
  await writeJsonAtomic(
    file,
    toCycloneDx([...unique.values()], { image, ...(digest ? { digest } : {}), findings }),
  )
  return {
    status: 'pass',
    message: `${unique.size} components written to ${file}`,
    evidence: { file: path.resolve(file) },
  }
}
