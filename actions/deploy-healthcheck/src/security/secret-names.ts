// Names that say a variable holds a credential. The value is never read for a finding: only the
// name goes into the report, so a false positive costs a warning and a false negative nothing leaks.
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY|AUTH/i

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name)
}
