// The verdict must not depend on which files are asked for: trivy-action's users saw the exit code
// change when they switched the output format to SARIF. The gate reads findings only, and the output
// writers must leave the findings as they found them (deep-frozen here: any write throws).
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'
import type { Finding, InventoryPackage } from '../../types.ts'
import { gateFindings } from '../../vuln/gate.ts'
import { parseTrivyReport } from '../../vuln/trivy.ts'
import { toCycloneDx } from '../cyclonedx.ts'
import { toSarif } from '../sarif.ts'

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

type Output = 'sarif' | 'sbom'

/** What an engine does after matching: gate, then write whatever outputs were requested. */
function scan(findings: Finding[], packages: InventoryPackage[], outputs: Output[]) {
  const gate = gateFindings(findings, { threshold: 'high', ignoreUnfixed: false })
  const files: object[] = []
  if (outputs.includes('sarif')) files.push(toSarif(findings, { image: 'fluentd:1', tool: 'trivy' }))
  if (outputs.includes('sbom')) files.push(toCycloneDx(packages, { image: 'fluentd:1', findings }))
  const after = gateFindings(findings, { threshold: 'high', ignoreUnfixed: false })
  return {
    blocking: gate.blocking.map((f) => f.id),
    after: after.blocking.map((f) => f.id),
    files: files.length,
  }
}

describe('the gate whatever outputs are requested', () => {
  it.each<[Output[]]>([[[]], [['sarif']], [['sbom']], [['sarif', 'sbom']], [['sbom', 'sarif']]])(
    'outputs %j → the same blocking set',
    async (outputs) => {
      const json = JSON.parse(
        await readFile(path.join(FIXTURES, 'trivy/fluentd-multiple-lockfiles.json'), 'utf8'),
      )
      const { findings, packages } = deepFreeze(parseTrivyReport(json, 'fluentd.json'))
      const r = scan(findings, packages, outputs)
      expect(r.blocking).toEqual(['CVE-2019-18224', 'CVE-2020-8165'])
      expect(r.after).toEqual(r.blocking)
      expect(r.files).toBe(outputs.length)
    },
  )
})
