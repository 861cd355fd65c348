import type { SecretRegistry } from '@postflight/core'

// Names that say a variable holds a credential. The value is never read for a finding: only the
// name goes into the report, so a false positive costs a warning and a false negative nothing leaks.
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY|AUTH/i

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name)
}

/** Registers the values of a container's secret-looking variables (`NAME=value` lines) for redaction. */
export function registerEnvSecrets(env: readonly string[], secrets: SecretRegistry): void {
  for (const line of env) {
    const eq = line.indexOf('=')
    if (eq > 0 && isSecretName(line.slice(0, eq))) secrets.add(line.slice(eq + 1))
  }
}
