import { booleanInput, commonInputs, listInput } from '@postflight/core'
import { z } from 'zod'
import { SEVERITIES, type Severity } from './types.ts'

/** Platforms one per line or separated by commas (`linux/amd64,linux/arm64`, as docker writes them). */
const platformsInput = z.preprocess(
  (v) =>
    typeof v === 'string' ? v.split(/[\n,]/) : Array.isArray(v) ? v.flatMap((s) => String(s).split(',')) : v,
  listInput,
)

/** The inputs of container-scan, keyed exactly as in action.yml; the CLI takes the same names as flags. */
export const ScanInputs = z
  .object({
    image: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Image to scan: name:tag or name@sha256:…, read from its registry; docker-daemon:name:tag reads the local daemon',
      ),
    archive: z
      .string()
      .min(1)
      .optional()
      .describe(
        'An OCI image layout (folder or tar) or a docker save archive to scan instead of a registry image',
      ),
    platforms: platformsInput
      .optional()
      .describe(
        'Platforms the image must hold, e.g. linux/amd64, linux/arm64, linux/arm/v7 (default: every platform it has)',
      ),
    'registry-username': z
      .string()
      .min(1)
      .optional()
      .describe('Registry user (default: docker config.json, else anonymous)'),
    'registry-password': z.string().min(1).optional().describe('Registry password or token'),
    policy: z.string().optional().describe('Policy rules as YAML, or the path of a .yml file holding them'),
    'osv-db': z.string().min(1).optional().describe('Folder or zip of OSV records for the built-in matcher'),
    scanner: z
      .enum(['trivy', 'grype'])
      .optional()
      .describe('Also run trivy or grype on the image and gate on its findings'),
    'trivy-report': z.string().min(1).optional().describe('An existing trivy JSON report to gate on'),
    'grype-report': z.string().min(1).optional().describe('An existing grype JSON report to gate on'),
    'severity-threshold': z
      .enum(SEVERITIES as [Severity, ...Severity[]])
      .default('critical')
      .describe('Findings at or above this severity fail: critical, high, medium, low or unknown'),
    'ignore-unfixed': booleanInput.default(false).describe('Findings with no fixed version never fail'),
    'ignore-file': z
      .string()
      .min(1)
      .optional()
      .describe('YAML list of ignored findings, each with a reason and an expiry date'),
    'sarif-file': z.string().min(1).optional().describe('Where to write the findings as SARIF 2.1.0'),
    'sbom-file': z
      .string()
      .min(1)
      .optional()
      .describe('Where to write the inventory as a CycloneDX JSON SBOM'),
    tag: z.string().optional().describe('The release tag: the image version label must match it'),
    ...commonInputs,
  })
  .strict()

export type ScanOptions = z.output<typeof ScanInputs>
