import http from 'node:http'
import type { BodyTarget } from './body-target.ts'

/** A response whose headers have arrived and whose body has not been read yet. */
export interface OpenResponse {
  status: number
  statusText: string
  headers: Headers
  /** Moves the whole body into `target`, telling `idle` as bytes arrive and while it waits for room. */
  readBody(target: BodyTarget, idle: IdleClock): Promise<void>
  /** Drops the body and the connection. */
  discard(): Promise<void>
}

/** The idle timer of an attempt (idle-timeout.ts), as a transport sees it. */
export interface IdleClock {
  /** Bytes arrived: called for every read, so it only records the time. */
  touch(): void
  /** Our own back-pressure: the timer holds until `room` settles, then counts from then. */
  waiting(room: Promise<void>): Promise<void>
}

/** Sends one GET (no redirect following: the caller applies its header policy to every hop). */
export type Transport = (url: URL, headers: Headers, signal: AbortSignal) => Promise<OpenResponse>

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const

/**
 * Downloads read the socket themselves (socket-transport.ts) unless a proxy is configured: then they go
 * through fetch, which honours the proxy variables when NODE_USE_ENV_PROXY is set.
 */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]))
}

/**
 * Sends fetch and http(s).request through HTTP(S)_PROXY (NO_PROXY honoured), as curl and the
 * runner's own tools do: Node does so only with NODE_USE_ENV_PROXY=1 or this call, so without it a
 * self-hosted runner behind a proxy would try to reach GitHub directly. A proxy value without a
 * scheme (`proxy.corp:3128`, which curl and @actions/http-client accept) is read as http://. Never
 * throws: a value Node refuses, or a Node without the call, is a warning, and requests go direct.
 */
export function honourProxyEnvironment(env: NodeJS.ProcessEnv = process.env): {
  on: boolean
  warning?: string
} {
  if (!proxyConfigured(env) || env.NODE_USE_ENV_PROXY) return { on: false }
  const setGlobalProxyFromEnv = (http as { setGlobalProxyFromEnv?: (env?: NodeJS.ProcessEnv) => void })
    .setGlobalProxyFromEnv
  if (setGlobalProxyFromEnv === undefined) {
    return {
      on: false,
      warning: `HTTP(S)_PROXY is set, but Node ${process.version} cannot turn its proxy support on at run time (Node 24.14 or later can): set NODE_USE_ENV_PROXY=1 so requests go through the proxy`,
    }
  }
  const withScheme: NodeJS.ProcessEnv = { ...env }
  for (const name of PROXY_VARIABLES) {
    const value = withScheme[name]?.trim()
    if (value && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) withScheme[name] = `http://${value}`
  }
  try {
    setGlobalProxyFromEnv(withScheme)
    return { on: true }
  } catch (err) {
    return {
      on: false,
      warning: `HTTP(S)_PROXY is set, but Node refused it (${err instanceof Error ? err.message : String(err)}): requests go direct`,
    }
  }
}
