import { booleanInput, commonInputs, durationSchema, listInput } from '@postflight/core'
import { z } from 'zod'
import { ENGINES } from './compose/detect.ts'
import { functionalCommandsInput } from './functional/commands-input.ts'
import { HealthChecksInput } from './health/input.ts'

/** Defaults of the duration inputs (a duration default would print in action.yml as milliseconds). */
export const DEFAULTS = {
  timeoutMs: 300_000,
  attemptTimeoutMs: 30_000,
  backoffInitialMs: 1_000,
  backoffMaxMs: 30_000,
  commandTimeoutMs: 60_000,
  chaosRecoveryMs: 60_000,
} as const

const positiveDuration = durationSchema.refine((ms) => ms >= 1, 'expected a duration of at least 1ms')

const portList = listInput.pipe(
  z.array(
    z
      .string()
      .regex(/^\d+$/, 'expected a port number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(65_535, 'expected a port number from 1 to 65535')),
  ),
)

/** The inputs of deploy-healthcheck, keyed exactly as in action.yml; the CLI takes the same names as flags. */
export const DeployInputs = z
  .object({
    'compose-file': listInput
      .optional()
      .describe('Compose file(s) of the stack to deploy, one per line (later ones override earlier ones)'),
    'project-name': z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected lowercase letters, digits, _ and - (a compose project name)')
      .optional()
      .describe('Compose project name (default: a unique deployment id, deploy_YYYYMMDD_HHMMSS_<suffix>)'),
    'env-file': z.string().min(1).optional().describe('An env file for compose variable substitution'),
    profiles: listInput.optional().describe('Compose profiles to enable, one per line'),
    pull: z
      .enum(['never', 'missing', 'always'])
      .default('never')
      .describe('Pull images before starting: never | missing | always'),
    build: booleanInput.default(false).describe('Build images before starting (up --build)'),
    engine: z
      .enum(['auto', ...ENGINES])
      .default('auto')
      .describe(
        'auto | docker (docker compose v2) | docker-compose (v1) | podman (podman compose) | podman-compose',
      ),
    'deploy-retries': z.coerce
      .number()
      .int()
      .min(0)
      .max(10)
      .default(3)
      .describe('Extra attempts of a failed up, each after a cleanup'),
    endpoints: listInput
      .optional()
      .describe(
        'URLs of running services to check (http(s)://, tcp://, postgres://, redis://); with no compose-file nothing is deployed',
      ),
    checks: HealthChecksInput.optional().describe(
      'YAML list of health checks (http, tcp, postgres, redis, command, container); default: derived from the compose file',
    ),
    timeout: positiveDuration
      .optional()
      .describe('Bound on waiting for health; 500ms, 30s, 5m (default: 300s)'),
    attempts: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe('Attempts that reach a service and get a bad answer before its check fails'),
    'attempt-timeout': positiveDuration.optional().describe('Bound on one health attempt (default: 30s)'),
    'backoff-initial': positiveDuration
      .optional()
      .describe(
        'First wait after a bad answer, doubling up to backoff-max; each wait random from half of it to that bound (default: 1s)',
      ),
    'backoff-max': positiveDuration.optional().describe('Cap on the wait between attempts (default: 30s)'),
    commands: functionalCommandsInput
      .optional()
      .describe(
        'Functional checks once healthy: YAML list of { run, expect-exit, expect-output, timeout, env, name, parallel }, run by sh -c with POSTFLIGHT_URL_<SERVICE> set',
      ),
    'command-timeout': positiveDuration.optional().describe('Bound on each functional check (default: 60s)'),
    'allowed-ports': portList
      .optional()
      .describe('Host ports the stack may publish, one per line (default: any)'),
    'allow-host-network': booleanInput
      .default(false)
      .describe('network_mode: host passes the security check instead of warning'),
    security: booleanInput.default(true).describe("Check the running containers' runtime security"),
    chaos: z
      .enum(['none', 'restart', 'kill'])
      .default('none')
      .describe(
        'none | restart | kill: restart one service once healthy, or kill its main process as a crash would (its restart policy must bring it back), and check the stack recovers',
      ),
    'chaos-service': z
      .string()
      .min(1)
      .optional()
      .describe('The service chaos restarts or kills (default: the first one)'),
    'chaos-recovery': positiveDuration
      .optional()
      .describe('Bound on the recovery after chaos (default: 60s)'),
    cleanup: z
      .enum(['always', 'on-failure', 'never'])
      .default('on-failure')
      .describe('Remove the stack: always | on-failure | never'),
    'logs-dir': z
      .string()
      .min(1)
      .default('postflight-deploy-logs')
      .describe("Folder for every container's logs and inspect output, saved before removal"),
    'rollback-compose-file': listInput
      .optional()
      .describe('Compose file(s) of the previous version, brought up and health-checked when this one fails'),
    'rollback-env': listInput
      .pipe(z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/, 'expected NAME=value')))
      .optional()
      .describe(
        'NAME=value lines for compose variable substitution when rolling back, e.g. the previous image tag (TAG=1.4.2); with no rollback-compose-file the compose-file is brought up with them',
      ),
    ...commonInputs,
  })
  .strict()

export type DeployOptions = z.output<typeof DeployInputs>
