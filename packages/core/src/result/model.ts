import { z } from 'zod'

/** Version of the results-file and report schema. The major changes only when a reader would break. */
export const SCHEMA_VERSION = '1.0.0'

export const STATUSES = ['pass', 'fail', 'warn', 'skip', 'error'] as const
export const CheckStatus = z
  .enum(STATUSES)
  .describe('pass, fail (the release is wrong), warn, skip, error (could not check)')
export type CheckStatus = z.infer<typeof CheckStatus>

export const Severity = z.enum(['critical', 'high', 'medium', 'low', 'info'])
export type Severity = z.infer<typeof Severity>

export const Location = z
  .object({
    path: z.string().describe('File the finding is about, relative to the release or repository root'),
    line: z.number().int().positive().optional(),
    column: z.number().int().positive().optional(),
    endLine: z.number().int().positive().optional(),
  })
  .strict()
export type Location = z.infer<typeof Location>

export const Check = z
  .object({
    id: z.string().min(1).describe('Stable across runs, e.g. checksum:app-linux-x64.tar.gz'),
    title: z.string().min(1),
    status: CheckStatus,
    severity: Severity.optional(),
    durationMs: z.number().nonnegative(),
    message: z.string(),
    attempts: z.number().int().positive().optional(),
    flaky: z.boolean().optional(),
    evidence: z.record(z.string(), z.unknown()).optional(),
    location: Location.optional(),
  })
  .strict()
export type Check = z.infer<typeof Check>

export const Leg = z
  .object({
    os: z.string().describe('node platform name: linux, darwin, win32'),
    arch: z.string().describe('node arch name: x64, arm64'),
    runner: z.string().describe('runner name or host name'),
    label: z.string().describe('the leg name a report expects, e.g. linux-x64'),
  })
  .strict()
export type Leg = z.infer<typeof Leg>

export const ReleaseRef = z
  .object({
    repo: z.string().optional(),
    tag: z.string().optional(),
    version: z.string().optional(),
  })
  .strict()
export type ReleaseRef = z.infer<typeof ReleaseRef>

export const Metric = z
  .object({ value: z.number(), unit: z.string() })
  .strict()
  .describe('A measured number, e.g. { value: 812, unit: "MB/s" }')

export const SuiteResult = z
  .object({
    schemaVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
    suite: z.string().min(1).describe('verify-artifacts, platform-smoke, container-scan, deploy-healthcheck'),
    leg: Leg,
    release: ReleaseRef,
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    status: CheckStatus.describe('derived: the worst status of the checks'),
    partial: z.boolean().describe('true when the engine stopped before making every check it should have'),
    checks: z.array(Check),
    metrics: z.record(z.string(), Metric).optional(),
    logs: z.array(z.string()).optional(),
  })
  .strict()
export type SuiteResult = z.infer<typeof SuiteResult>

export const Report = z
  .object({
    schemaVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
    release: ReleaseRef,
    generatedAt: z.iso.datetime(),
    status: CheckStatus,
    suites: z.array(SuiteResult),
    missing: z.array(z.string()).describe('expected legs that never reported'),
    trend: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
export type Report = z.infer<typeof Report>
