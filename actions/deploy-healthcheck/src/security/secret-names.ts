import { isSecretName, type SecretRegistry } from '@postflight/core'

// The value is never read for a finding: only the name goes into the report.
export { isSecretName }

/** Registers the values of a container's secret-looking variables (`NAME=value` lines) for redaction. */
export function registerEnvSecrets(env: readonly string[], secrets: SecretRegistry): void {
  for (const line of env) {
    const eq = line.indexOf('=')
    if (eq > 0 && isSecretName(line.slice(0, eq))) secrets.add(line.slice(eq + 1))
  }
}
