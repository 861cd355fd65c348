import { scanSpec } from '@postflight/container-scan'
import type { SuiteSpec } from '@postflight/core'
import { deployCliSpec, healthCliSpec } from '@postflight/deploy-healthcheck'
import { smokeSpec } from '@postflight/platform-smoke'
import { historySpec, reportSpec } from '@postflight/report'
import { verifySpec } from '@postflight/verify-artifacts'
import type { z } from 'zod'

export interface SuiteCommand {
  name: string
  aliases: string[]
  summary: string
  spec: SuiteSpec<z.ZodObject>
}

/** The suites the CLI runs; each takes exactly its action's inputs as flags. */
export const SUITE_COMMANDS: SuiteCommand[] = [
  {
    name: 'verify',
    aliases: ['verify-artifacts'],
    summary:
      'Verify a release (a folder, a GitHub release or a workflow artifact): checksums, signatures, Sigstore, completeness, archives, versions',
    spec: verifySpec as unknown as SuiteSpec<z.ZodObject>,
  },
  {
    name: 'smoke',
    aliases: ['platform-smoke'],
    summary:
      "Run this platform's release asset: pick it, unpack it safely, check its version and smoke commands, flaky vs broken",
    spec: smokeSpec as unknown as SuiteSpec<z.ZodObject>,
  },
  {
    name: 'deploy',
    aliases: ['deploy-healthcheck'],
    summary:
      'Deploy a compose stack, wait for real health, run functional and runtime security checks, clean up keeping the logs, roll back',
    spec: deployCliSpec as unknown as SuiteSpec<z.ZodObject>,
  },
  {
    name: 'health',
    aliases: [],
    summary:
      'Health-check running endpoints only (--check URL …): HTTP, TCP, PostgreSQL, Redis, with backoff',
    spec: healthCliSpec as unknown as SuiteSpec<z.ZodObject>,
  },
  {
    name: 'scan',
    aliases: ['container-scan'],
    summary:
      'Scan a release image (--image REF | --archive FILE | --trivy-report FILE | --grype-report FILE): platforms, policy, inventory, vulnerabilities, SARIF and SBOM',
    spec: scanSpec as unknown as SuiteSpec<z.ZodObject>,
  },
  {
    name: 'report',
    aliases: [],
    summary: "Aggregate every leg's results into one fail-closed verdict: summary, HTML, JSON, JUnit, SARIF",
    spec: reportSpec as unknown as SuiteSpec<z.ZodObject>,
  },
  {
    name: 'history',
    aliases: [],
    summary: "Trends of the latest run in the report's history database: newly failing, fixed, flaky, slower",
    spec: historySpec as unknown as SuiteSpec<z.ZodObject>,
  },
]

export function findCommand(name: string): SuiteCommand | undefined {
  return SUITE_COMMANDS.find((c) => c.name === name || c.aliases.includes(name))
}
