import { type EngineContext, isPostflightError, type SuiteBuilder } from '@postflight/core'
import { openImage } from '../image/open-image.ts'
import type { ScanOptions } from '../inputs.ts'
import type { Policy } from '../policy/index.ts'
import type { Finding, InventoryPackage } from '../types.ts'
import { matchPackages, type OsvDatabase } from '../vuln/index.ts'
import { selectPlatforms } from './platforms.ts'
import { scanPlatform } from './scan-platform.ts'
import { type GateSettings, gateVerdict, withCoverage } from './vuln-gate.ts'

export interface ImageScanSettings {
  policy: Policy
  db: OsvDatabase | undefined
  gate: GateSettings
  tag?: string
  version?: string
}

export interface ImageScan {
  digest?: string
  packages: InventoryPackage[]
  /** Findings of the built-in matcher left after the ignore file. */
  findings: Finding[]
}

function imageTitle(options: ScanOptions): string {
  if (options.archive) return 'The image archive can be read'
  return options.image?.startsWith('docker-daemon:')
    ? 'The image is in the local daemon'
    : 'The image is published'
}

/**
 * The image named by `image` or `archive`: resolved (`image:<name>`), its platforms checked and
 * selected, then each platform inventoried, checked against the policy and, with an OSV database,
 * gated on its vulnerabilities (`vulnerabilities:<platform>`).
 */
export async function scanImage(
  suite: SuiteBuilder,
  options: ScanOptions,
  settings: ImageScanSettings,
  ctx: EngineContext,
): Promise<ImageScan> {
  const name = options.image ?? options.archive ?? ''
  const result: ImageScan = { packages: [], findings: [] }
  const opened = await ctx.logger.group(`Resolve ${name}`, async () => {
    try {
      return await openImage({
        ...(options.image ? { image: options.image } : {}),
        ...(options.archive ? { archive: options.archive } : {}),
        ...(options['registry-username'] ? { username: options['registry-username'] } : {}),
        ...(options['registry-password'] ? { password: options['registry-password'] } : {}),
        workDir: ctx.workDir,
        signal: ctx.signal,
        secret: (v) => ctx.secrets.add(v),
      })
    } catch (err) {
      // An image that is not published is a failed release; anything else means we could not look.
      if (!isPostflightError(err, 'NOT_FOUND')) throw err
      suite.add({ id: `image:${name}`, title: imageTitle(options), status: 'fail', message: err.message })
      return undefined
    }
  })
  if (!opened) return result
  try {
    result.digest = opened.digest
    const platforms = opened.images.map((i) => i.platform)
    suite.add({
      id: `image:${name}`,
      title: imageTitle(options),
      status: 'pass',
      message: `${opened.digest} (${opened.multiArch ? 'index' : 'manifest'}): ${platforms.join(', ')}`,
      evidence: { digest: opened.digest, source: opened.source, platforms },
    })
    const { policy, db, gate, tag, version } = settings
    for (const image of selectPlatforms(suite, opened, options.platforms)) {
      ctx.signal.throwIfAborted()
      const scan = await scanPlatform(
        suite,
        opened,
        image,
        { policy, ...(tag ? { tag } : {}), ...(version ? { version } : {}), now: gate.now },
        ctx,
      )
      if (scan.packages) result.packages.push(...scan.packages)
      if (!db) continue
      const id = `vulnerabilities:${image.platform}`
      const title = `No blocking vulnerability in ${image.platform}`
      if (!scan.packages) {
        suite.add({
          id,
          title,
          status: 'error',
          message: 'no inventory to match: the layers could not be read',
        })
        continue
      }
      const verdict = gateVerdict(matchPackages(scan.packages, db), gate)
      suite.add({ id, title, ...withCoverage(verdict.outcome, scan.packages, db) })
      result.findings.push(...verdict.kept)
    }
  } finally {
    await opened.dispose?.()
  }
  return result
}
