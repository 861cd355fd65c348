import { PostflightError } from '@postflight/core'
import { nameChecks } from './names.ts'
import { HealthCheckSpec } from './spec.ts'

/**
 * Checks for `--check URL` flags: http(s):// is an HTTP check, tcp://host:port a TCP connect,
 * postgres://user:password@host:port/db a login and `SELECT 1`, redis://[:password@]host:port a PING.
 * Throws a BAD_INPUT PostflightError naming the URL for anything else.
 */
export function checksFromUrls(urls: string[], field = 'check'): HealthCheckSpec[] {
  const checks = urls.map((url) => {
    const parsed = HealthCheckSpec.safeParse({ url })
    if (!parsed.success) {
      throw new PostflightError(
        'BAD_INPUT',
        `Input "${field}" must be a URL starting with http://, https://, tcp://, postgres:// or redis://; got ${JSON.stringify(redactUrl(url))}.`,
        { field },
      )
    }
    return parsed.data
  })
  return nameChecks(checks)
}

/** Query parameters whose value is a credential (`?token=…`, `?access_key=…`, `?sig=…`). */
const SECRET_PARAM = /token|secret|passw|pwd|key|auth|sig|credential|session/i

/** A URL as it may be shown: its password and credential-like query values replaced by ***. */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text)
    if (url.password !== '') url.password = '***'
    for (const name of [...url.searchParams.keys()]) {
      if (SECRET_PARAM.test(name)) url.searchParams.set(name, '***')
    }
    return url.toString()
  } catch {
    return text.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')
  }
}
