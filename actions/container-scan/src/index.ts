import type { ActionSpec } from '@postflight/core/action'
import { containerScan } from './engine.ts'
import { ScanInputs } from './inputs.ts'

export { containerScan, SUITE } from './engine.ts'
export { ScanInputs, type ScanOptions } from './inputs.ts'

/** container-scan as the action entry and the CLI both run it. */
export const scanSpec: ActionSpec<typeof ScanInputs> = {
  suite: 'container-scan',
  schema: ScanInputs,
  engine: containerScan,
  secretInputs: ['registry-password'],
  outputs: (result) => {
    const image = result.checks.find((c) => c.id.startsWith('image:'))
    const digest = image?.evidence?.digest
    const metric = (n: string) => String(result.metrics?.[n]?.value ?? 0)
    const file = (id: string) => {
      const f = result.checks.find((c) => c.id === id && c.status === 'pass')?.evidence?.file
      return typeof f === 'string' ? f : ''
    }
    const blocking = result.checks
      .filter((c) => c.id.startsWith('vulnerabilities'))
      .reduce((n, c) => n + (Array.isArray(c.evidence?.blocking) ? c.evidence.blocking.length : 0), 0)
    return {
      digest: typeof digest === 'string' ? digest : '',
      packages: metric('packages'),
      findings: metric('findings'),
      critical: metric('findings-critical'),
      high: metric('findings-high'),
      medium: metric('findings-medium'),
      low: metric('findings-low'),
      blocking: String(blocking),
      'sarif-file': file('output:sarif'),
      'sbom-file': file('output:sbom'),
    }
  },
}
