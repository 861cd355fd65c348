// Health checks for deploy-healthcheck: parse the `checks` input and `--check URL` flags, then wait
// until every service answers as it should (HTTP, TCP, PostgreSQL, Redis, a command, the container's
// own HEALTHCHECK). The deploy half supplies exec, inspect and the dead-service hook.
export { checksFromUrls, redactUrl } from './from-urls.ts'
export { HealthChecksInput, type NamedHealthCheck } from './input.ts'
export { healthCheckUrl, secretsOf } from './probe.ts'
export { HEALTH_DEFAULTS, runHealthChecks } from './run.ts'
export {
  CommandCheck,
  ContainerCheck,
  type HealthCheckKind,
  HealthCheckSpec,
  HttpCheck,
  PostgresCheck,
  RedisCheck,
  TcpCheck,
} from './spec.ts'
export type {
  AttemptEvent,
  ContainerHealthFn,
  ContainerHealthState,
  ExecFn,
  ExecResult,
  LastResponse,
  RunHealthOptions,
  ServiceHealth,
} from './types.ts'
