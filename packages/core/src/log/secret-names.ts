// Names that say a variable holds a credential (GITHUB_TOKEN, DB_PASSWORD, API_KEY, AWS_ACCESS_KEY_ID).
// Broad on purpose: a value wrongly redacted costs a `***` in a log, a value missed leaks.
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|AUTH/i

/** Whether a variable's name says its value is a credential, to redact the value (or report the name). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name)
}
