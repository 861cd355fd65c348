import { commonInputs, durationSchema, listInput } from '@postflight/core'
import { z } from 'zod'
import { installInput } from './install/install-input.ts'
import { commandsInput } from './smoke-commands.ts'

/** The default bound on each command, the version command included (a duration default would print as ms). */
export const DEFAULT_TIMEOUT_MS = 60_000

/** The inputs of platform-smoke, keyed exactly as in action.yml; the CLI takes the same names as flags. */
export const SmokeInputs = z
  .object({
    directory: z
      .string()
      .min(1)
      .optional()
      .describe('Folder holding the release assets; the one built for the platform is picked from it'),
    'artifact-name': z
      .string()
      .min(1)
      .optional()
      .describe('A workflow artifact of this run holding the release assets, to test before publishing'),
    repository: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name')
      .optional()
      .describe(
        'The GitHub repository whose release (at tag) to test, owner/name (default: GITHUB_REPOSITORY)',
      ),
    token: z
      .string()
      .optional()
      .describe('GitHub token for the API (default: GITHUB_TOKEN or GH_TOKEN; a public release needs none)'),
    'github-api-url': z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('GitHub REST API base URL (default: GITHUB_API_URL or https://api.github.com)'),
    platform: z
      .string()
      .min(1)
      .optional()
      .describe('<os>-<arch> with Node names, e.g. linux-x64, win32-x64 (default: this runner)'),
    asset: z
      .string()
      .min(1)
      .optional()
      .describe('Glob or name template that names the asset, e.g. app-{version}-{os}-{arch}.tar.gz'),
    prefer: listInput
      .optional()
      .describe('How to break ties: musl, gnu, msvc, mingw, archive, binary, installer, universal, formats'),
    binary: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Name of the executable in the asset, without .exe (default: the asset name up to the version or platform)',
      ),
    tag: z.string().optional().describe('The release tag, e.g. v1.2.3; the binary must report its version'),
    version: z
      .string()
      .optional()
      .describe('The release version, when it differs from the tag (default: from the tag)'),
    'version-command': z
      .string()
      .min(1)
      .optional()
      .describe(
        'Command printing the version, split into arguments (no shell); {bin} is the binary path (default: {bin} --version)',
      ),
    commands: commandsInput
      .optional()
      .describe(
        'YAML list of { run, expect-exit, expect-output, timeout, env, name }, each run by sh -c (cmd /c on Windows)',
      ),
    timeout: durationSchema
      // 0 is no bound at all: refused here, naming the input, not later by the process runner.
      .refine((ms) => ms >= 1, 'expected a duration of at least 1ms')
      .optional()
      .describe('Bound on every command, the version command included; 500ms, 30s, 5m (default: 60s)'),
    retries: z.coerce
      .number()
      .int()
      .min(0)
      .max(10)
      .default(2)
      .describe('Extra attempts for a failing command; passing after a failure is flaky (warn)'),
    'startup-runs': z.coerce
      .number()
      .int()
      .min(0)
      .max(50)
      .default(5)
      .describe('Runs of the version command whose median is the startup-time metric (0: none)'),
    install: installInput
      .optional()
      .describe('YAML list of install methods to try, each its own check: npm, pip, script, deb'),
    hardening: z
      .enum(['warn', 'fail', 'off'])
      .default('warn')
      .describe('What a missing binary hardening flag is: warn, fail or off (default: warn)'),
    ...commonInputs,
  })
  .strict()

export type SmokeOptions = z.output<typeof SmokeInputs>
