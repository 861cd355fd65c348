import type { RetryOptions } from '@postflight/core'

/** A file of the release: its name as users download it, and where it is on disk. */
export interface RegistryFile {
  name: string
  path: string
}

/** The engine's digests by file name: algorithm → lower-case hex (sha256 always there). */
export type RegistryDigests = ReadonlyMap<string, Readonly<Record<string, string>>>

export interface NpmTarget {
  /** Default `https://registry.npmjs.org`. */
  registry?: string
  package: string
  version: string
  /** Sent as `Bearer` to the registry's own origin only (a private registry). */
  token?: string
  /** The release file that is the published tarball; default the `npm pack` name, else the only `.tgz`. */
  tarball?: string
  /** Warn when the version carries no `dist.attestations` (npm provenance). */
  requireAttestations?: boolean
}

export interface PypiTarget {
  /** Default `https://pypi.org` (the JSON API lives at `<index>/pypi/<name>/<version>/json`). */
  index?: string
  package: string
  version: string
}

export interface CratesTarget {
  /** Default `https://crates.io` (the API lives at `<api>/api/v1/crates/…`). */
  api?: string
  crate: string
  version: string
}

export interface OciTarget {
  /** `host[:port]/name:tag` (or `name:tag` for Docker Hub). */
  reference: string
  /** Base URL that replaces the reference's host (a mirror, or `http://` for a plain-HTTP registry). */
  registry?: string
  /** The digest the release names; default the one in an attached `*.digest` or `digest.txt`. */
  expectDigest?: string
  /** `os/arch[/variant]` each of which the image must offer. */
  platforms?: readonly string[]
  /** Credentials for the token service (sent only to the realm the registry names). */
  username?: string
  password?: string
}

export interface RegistryTargets {
  npm?: NpmTarget
  pypi?: PypiTarget
  crates?: CratesTarget
  oci?: OciTarget
  /** Retry policy for every request; tests make a down registry fail fast with it. */
  retry?: Omit<RetryOptions, 'signal' | 'shouldRetry'>
}

/** What each registry check needs from the run. */
export interface RegistryContext {
  signal: AbortSignal
  /** Where secret-derived values go before any request can log them (core's SecretRegistry). */
  secrets?: { add(value: string | undefined): void }
  retry?: Omit<RetryOptions, 'signal' | 'shouldRetry'>
}
