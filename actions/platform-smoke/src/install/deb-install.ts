import path from 'node:path'
import { selectAsset } from '@postflight/core'
import { checksumCheck } from '../checksum-check.ts'
import { howItEnded, outputEvidence, runStep } from '../run-step.ts'
import type { InstallContext, Installed } from './install-context.ts'
import type { InstallMethod } from './install-input.ts'

/**
 * Installs the release's .deb for the platform with `dpkg -i`, as a user would, then removes it
 * (`dpkg -r`) once checked so the runner is left as it was. Needs Linux, dpkg and root (a GitHub
 * Ubuntu runner has passwordless sudo: run the step with sudo, or use this on a root container);
 * without them it is skipped, saying why. A package already installed is left alone (skipped).
 * The .deb's checksum is verified like the asset's before dpkg sees it.
 */
export async function debInstall(ctx: InstallContext, method: InstallMethod): Promise<Installed> {
  if (ctx.platform.os !== 'linux' || process.platform !== 'linux')
    return { outcome: { status: 'skip', message: 'dpkg installs only on Linux' } }
  if (process.getuid?.() !== 0)
    return {
      outcome: {
        status: 'skip',
        message: 'dpkg -i needs root: run the step as root (sudo) to check the .deb',
      },
    }
  const debs = ctx.release.names.filter((n) => /\.deb$/i.test(n))
  const pick = selectAsset(debs, {
    platform: ctx.platform,
    prefer: ['deb'],
    ...(ctx.version ? { version: ctx.version } : {}),
  })
  if (!pick.chosen)
    return {
      outcome: {
        status: 'fail',
        message: `no .deb for ${pick.platform} in the release (${pick.message}); looked among: ${debs.join(', ') || 'no .deb files'}`,
        evidence: { candidates: pick.candidates },
      },
    }
  const deb = pick.chosen
  const obtained = await ctx.release.obtain(deb)
  const verified = await checksumCheck(deb, obtained, ctx.release.apiDigests?.get(deb), ctx.step.signal)
  if (verified?.status === 'fail') return { outcome: verified }
  const file = path.join(obtained.dir, deb)
  const field = await runStep(ctx.step, 'dpkg-deb', ['--field', file, 'Package'])
  const pkg = field.stdout.trim()
  if (field.exitCode !== 0 || !/^[a-z0-9][a-z0-9+.-]+$/.test(pkg))
    return {
      outcome: {
        status: 'fail',
        message: `${deb}: dpkg-deb cannot read its Package field`,
        evidence: outputEvidence(field),
      },
    }
  const before = await runStep(ctx.step, 'dpkg-query', ['--show', `--showformat=\${Status}`, pkg])
  if (
    before.exitCode === 0 &&
    before.stdout.includes('installed') &&
    !before.stdout.includes('not-installed')
  )
    return { outcome: { status: 'skip', message: `${pkg} is already installed on this runner: not touched` } }
  const r = await runStep(ctx.step, 'dpkg', ['--install', file])
  const remove = async (): Promise<void> => {
    await runStep(ctx.step, 'dpkg', ['--purge', pkg]).catch(() => undefined)
  }
  if (r.timedOut || r.exitCode !== 0) {
    await remove()
    return {
      outcome: {
        status: 'fail',
        message: `dpkg --install ${deb}: ${howItEnded(r, ctx.step.timeoutMs)}`,
        evidence: { deb, package: pkg, ...outputEvidence(r) },
      },
    }
  }
  const bin = method.bin ?? ctx.binary
  const listed = await runStep(ctx.step, 'dpkg', ['--listfiles', pkg])
  const installed = listed.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => path.posix.basename(l) === bin)
  // The one on PATH (/usr/bin) over a copy elsewhere (/usr/share/doc/…).
  const best = installed.find((l) => /\/s?bin\//.test(l)) ?? installed[0]
  if (!best) {
    await remove()
    return {
      outcome: {
        status: 'fail',
        message: `${pkg} installed, but holds no file named ${bin} (set the method's bin)`,
        evidence: { deb, package: pkg },
      },
    }
  }
  return { bin: best, evidence: { deb, package: pkg, installed: best }, cleanup: remove }
}
