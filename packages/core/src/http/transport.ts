import type { BodyTarget } from './body-target.ts'

/** A response whose headers have arrived and whose body has not been read yet. */
export interface OpenResponse {
  status: number
  statusText: string
  headers: Headers
  /** Moves the whole body into `target`; `onData` is called as bytes arrive (for an idle timer). */
  readBody(target: BodyTarget, onData: () => void): Promise<void>
  /** Drops the body and the connection. */
  discard(): Promise<void>
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
