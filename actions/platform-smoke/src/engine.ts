import path from 'node:path'
import {
  currentPlatform,
  type EngineContext,
  formatPlatform,
  PostflightError,
  parsePlatform,
  SuiteBuilder,
  type SuiteResult,
  versionFromTag,
} from '@postflight/core'
import { checksumCheck } from './checksum-check.ts'
import { binaryCheck } from './find-binary.ts'
import { hardeningCheck } from './hardening/hardening-check.ts'
import type { SmokeOptions } from './inputs.ts'
import { clearQuarantine } from './quarantine.ts'
import { runBinary } from './run-binary.ts'
import { selectCheck } from './select-check.ts'
import { openRelease } from './source/open-release.ts'
import { smokeSource } from './source/smoke-source.ts'
import { splitCommand } from './split-command.ts'
import { unpackAsset } from './unpack.ts'
import { recordWrongRunner, runsHere } from './wrong-runner.ts'

export const SUITE = 'platform-smoke'

/**
 * Proves a platform's release asset runs on it: opens the release (a folder, a workflow artifact or
 * a GitHub release), picks the asset built for the platform, verifies its checksum, unpacks it
 * safely, finds the binary, reads its hardening, checks the version it reports, runs the user's
 * smoke commands — failing ones retried, so flaky is told from broken — records the startup time,
 * and tries each install method. The leg is the platform (`platform-smoke@linux-x64`). Each step up
 * to the binary needs the one before; the checks after it are all made, whatever the others found.
 */
export async function platformSmoke(options: SmokeOptions, ctx: EngineContext): Promise<SuiteResult> {
  const platform = options.platform ? parsePlatform(options.platform) : currentPlatform()
  const label = formatPlatform(platform)
  const source = smokeSource(options)
  // Only a GitHub release resolves `latest`: a folder or artifact would run with nothing to compare.
  if (options.tag === 'latest' && source.kind !== 'github')
    throw new PostflightError(
      'BAD_INPUT',
      `input 'tag': latest names a GitHub release, not the ${source.kind === 'folder' ? 'directory' : 'artifact-name'} given; give the release's tag (v1.2.3) or version`,
      { field: 'tag' },
    )
  // `latest` names no version until the release is resolved.
  let tag = options.tag === 'latest' ? undefined : options.tag
  let version = releaseVersion(options, tag)
  const versionArgv = splitCommand(
    options['version-command'] ?? '{bin} --version',
    '{bin}',
    'version-command',
  )
  const suite = new SuiteBuilder(SUITE, { ...ctx.leg, label }, releaseInfo(tag, version))
  ctx.attach?.(suite)

  const release = await openRelease(source, suite, ctx)
  if (!release) return suite.finish()
  if (release.tag && !tag) {
    tag = release.tag
    version = releaseVersion(options, tag)
    suite.release = { ...suite.release, ...releaseInfo(tag, version) }
  }

  const { selection, outcome } = selectCheck(release.names, platform, options, version, tag)
  suite.add({ id: `select:${label}`, title: `An asset is built for ${label}`, ...outcome })
  const chosen = selection.chosen
  if (!chosen) return suite.finish()
  ctx.logger.info(`asset for ${label}: ${chosen}`)

  const obtained = await ctx.logger.group(`Get ${chosen}`, () => release.obtain(chosen))
  const checksum = await checksumCheck(chosen, obtained, release.apiDigests?.get(chosen), ctx.signal)
  if (checksum) {
    const added = suite.add({
      id: `checksum:${label}`,
      title: `${chosen} matches its published checksums`,
      ...checksum,
    })
    if (added.status === 'fail') return suite.finish()
  }

  const unpacked = await ctx.logger.group(`Unpack ${chosen}`, () =>
    unpackAsset(
      path.join(obtained.dir, chosen),
      path.join(ctx.workDir, 'asset'),
      ctx.signal,
      path.join(ctx.workDir, 'deb'),
    ),
  )
  suite.add({ id: `unpack:${label}`, title: 'The asset unpacks safely', ...unpacked.outcome })
  if (!unpacked.root || !unpacked.files) return suite.finish()

  const { root, files } = unpacked
  const binary = await binaryCheck(
    { root, files, single: unpacked.single },
    options.binary,
    chosen,
    platform.os,
  )
  const bin = binary.path
  // Gatekeeper would stop a quarantined binary on its first run: cleared (and said so) before it runs.
  const quarantine =
    bin && platform.os === 'darwin' ? await clearQuarantine(bin, process.platform, ctx.signal) : undefined
  suite.add({
    id: `binary:${label}`,
    title: binary.title,
    ...binary.outcome,
    ...(quarantine ? { evidence: { ...binary.outcome.evidence, quarantine } } : {}),
  })
  if (!bin) return suite.finish()

  if (options.hardening !== 'off') {
    const mode = options.hardening
    await suite.run(`hardening:${label}`, 'The binary is built with the platform hardening flags', () =>
      hardeningCheck(bin, mode),
    )
  }

  if (!runsHere(platform)) {
    recordWrongRunner(suite, label, options)
    return suite.finish()
  }
  await runBinary(suite, options, ctx, {
    bin,
    binaryName: binary.name,
    label,
    platform,
    version,
    tag,
    versionArgv,
    release,
    asset: { name: chosen, dir: obtained.dir },
    ...(source.kind === 'github' ? { repository: source.repo } : {}),
  })
  return suite.finish()
}

function releaseInfo(
  tag: string | undefined,
  version: string | undefined,
): { tag?: string; version?: string } {
  return { ...(tag ? { tag } : {}), ...(version ? { version } : {}) }
}

/** The version the binary must report: the `version` input, else the tag's; a tag without one needs `version`. */
function releaseVersion(options: SmokeOptions, tag: string | undefined): string | undefined {
  const version = options.version ?? (tag ? versionFromTag(tag) : undefined)
  if (tag && !version) {
    throw new PostflightError(
      'BAD_INPUT',
      `input 'tag': '${tag}' carries no version (expected e.g. v1.2.3); pass 'version' too`,
      { field: 'tag' },
    )
  }
  return version
}
