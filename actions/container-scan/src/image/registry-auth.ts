import { PostflightError, requestJson } from '@postflight/core'
import type { AuthChallenge } from './challenge.ts'
import type { RegistryCredentials } from './docker-config.ts'

export const USER_AGENT = 'postflight-container-scan'

export interface AuthContext {
  repository: string
  credentials?: RegistryCredentials
  signal: AbortSignal
  /** Registers a value to redact from every log and report. */
  secret: (value: string) => void
}

/**
 * The `Authorization` a 401's challenge asks for, as docker answers it: Basic sends the credentials
 * to the registry; Bearer sends them (or nothing, for a public image) to the token service named by
 * `realm`, asking for `scope` (pull on the repository when the challenge names none), and uses the
 * token it gives. See https://distribution.github.io/distribution/spec/auth/token/.
 */
export async function authorizationFor(
  challenge: AuthChallenge | undefined,
  url: string,
  ctx: AuthContext,
): Promise<string> {
  const { credentials } = ctx
  const basic = credentials
    ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
    : undefined
  if (basic) ctx.secret(basic)
  if (challenge?.scheme === 'basic') {
    if (!basic)
      throw refused(
        url,
        'the registry asks for credentials (Basic); set registry-username and registry-password',
      )
    return basic
  }
  const realm = challenge?.params.realm
  if (challenge?.scheme !== 'bearer' || !realm) {
    throw refused(url, 'the registry answered 401 without a Basic or Bearer challenge')
  }
  let tokenUrl: URL
  try {
    tokenUrl = new URL(realm)
  } catch (err) {
    throw new PostflightError(
      'NETWORK',
      `GET ${url}: the registry's token realm ${JSON.stringify(realm)} is not a URL`,
      {
        cause: err,
      },
    )
  }
  // Credentials given for an https registry are never sent in clear to a token service it names.
  if (basic && tokenUrl.protocol !== 'https:' && new URL(url).protocol === 'https:') {
    throw refused(
      url,
      `the token service ${tokenUrl.origin} is not https: the credentials are not sent to it`,
    )
  }
  if (challenge.params.service) tokenUrl.searchParams.set('service', challenge.params.service)
  tokenUrl.searchParams.set('scope', challenge.params.scope ?? `repository:${ctx.repository}:pull`)
  const { body } = await requestJson<{ token?: string; access_token?: string }>(tokenUrl.href, {
    headers: { accept: 'application/json', 'user-agent': USER_AGENT },
    // The credentials go to the token service only.
    ...(basic ? { authorization: basic, authOrigin: tokenUrl.origin } : {}),
    signal: ctx.signal,
    retry: { attempts: 3, baseMs: 300 },
  }).catch((err: unknown) => {
    throw new PostflightError('NETWORK', `the token service ${tokenUrl.origin} gave no token`, { cause: err })
  })
  const token = body.token ?? body.access_token
  if (!token) throw refused(url, `the token service ${tokenUrl.origin} answered without a token`)
  ctx.secret(token)
  return `Bearer ${token}`
}

export function refused(url: string, why: string): PostflightError {
  return new PostflightError('NETWORK', `GET ${url}: HTTP 401 Unauthorized: ${why}`)
}
