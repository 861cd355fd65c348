import { createHash } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { describeError, PostflightError } from '@postflight/core'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { parseTrustedRoot } from './trusted-root.ts'
import type { SigstoreTrustedRoot } from './types.ts'

export const PUBLIC_GOOD_MIRROR = 'https://tuf-repo-cdn.sigstore.dev'

export interface RefreshOptions {
  /** The TUF repository; default public-good. */
  mirror?: string
  /** The root.json a mirror other than public-good is trusted from (public-good's ships with @sigstore/tuf). */
  rootPath?: string
  /** Where TUF metadata is cached between calls (default: RUNNER_TEMP, else the OS temp folder). */
  cacheDir?: string
}

/**
 * `offline: false`: the current trusted_root.json, fetched and verified through TUF (@sigstore/tuf:
 * signed metadata from the trusted root.json on, rotations and expiry checked), so key rotations
 * and revocations published since the action was built are seen. A refresh that fails is not
 * quietly replaced by the embedded root, which is what it exists to improve on: it is an error
 * that says how to go offline instead.
 */
export async function refreshTrustedRoot(options: RefreshOptions = {}): Promise<SigstoreTrustedRoot> {
  const mirror = options.mirror ?? PUBLIC_GOOD_MIRROR
  if (mirror !== PUBLIC_GOOD_MIRROR && !options.rootPath) {
    throw new PostflightError(
      'BAD_INPUT',
      `tuf-mirror ${mirror} is not public-good: give tuf-root, the path of the root.json it is trusted from`,
      { field: 'tuf-root' },
    )
  }
  const cacheDir =
    options.cacheDir ??
    path.join(
      process.env.RUNNER_TEMP || os.tmpdir(),
      'postflight-tuf',
      createHash('sha256').update(mirror).digest('hex').slice(0, 16),
    )
  // Loaded only for offline: false; it brings make-fetch-happen with it.
  const { getTrustedRoot } = await import('@sigstore/tuf')
  let root: TrustedRoot
  try {
    root = await getTrustedRoot({
      mirrorURL: mirror,
      cachePath: cacheDir,
      ...(options.rootPath ? { rootPath: options.rootPath } : {}),
      retry: { retries: 2, factor: 2, minTimeout: 500 },
      timeout: 30_000,
    })
  } catch (err) {
    throw new PostflightError(
      'NETWORK',
      `offline: false: the trusted root could not be refreshed through TUF from ${mirror}: ${describeError(err)}. Set offline: true to verify against the root embedded in the action, or give trusted-root.`,
      { cause: err, field: 'offline' },
    )
  }
  return parseTrustedRoot(JSON.stringify(TrustedRoot.toJSON(root)), `trusted_root.json from TUF at ${mirror}`)
}

/** The inputs that choose the trusted root. */
export interface RootInputs {
  'trusted-root'?: string | undefined
  offline: boolean
  'tuf-mirror'?: string | undefined
  'tuf-root'?: string | undefined
}

const chosen = new WeakMap<RootInputs, Promise<SigstoreTrustedRoot>>()

/**
 * The trusted root of a run, chosen once (bundles and attestations share it): `trusted-root` when
 * given; else with `offline: false` the one TUF serves now; else the one embedded in the action.
 */
export function trustedRootFor(options: RootInputs): Promise<SigstoreTrustedRoot> {
  let root = chosen.get(options)
  if (!root) {
    root =
      options['trusted-root'] || options.offline
        ? import('./trusted-root.ts').then((m) => m.loadTrustedRoot(options['trusted-root']))
        : refreshTrustedRoot({
            ...(options['tuf-mirror'] ? { mirror: options['tuf-mirror'] } : {}),
            ...(options['tuf-root'] ? { rootPath: options['tuf-root'] } : {}),
          })
    chosen.set(options, root)
  }
  return root
}
