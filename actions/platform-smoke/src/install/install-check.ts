import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { CheckOutcome } from '@postflight/core'
import { stepEnv } from '../run-step.ts'
import { versionAttempt } from '../version-check.ts'
import { debInstall } from './deb-install.ts'
import type { InstallContext, Installed } from './install-context.ts'
import type { InstallMethod, InstallMethodName } from './install-input.ts'
import { npmInstall } from './npm-install.ts'
import { pipInstall } from './pip-install.ts'
import { scriptInstall } from './script-install.ts'

const INSTALLERS: Record<InstallMethodName, (ctx: InstallContext, m: InstallMethod) => Promise<Installed>> = {
  npm: npmInstall,
  pip: pipInstall,
  script: scriptInstall,
  deb: debInstall,
}

/**
 * One `install:<method>:<platform>` check: the method installs the release its way, then the
 * command it installed runs the version command (`{bin}` is that command) and must report the
 * release version. Whatever was installed outside the temp folder is removed afterwards.
 */
export async function installCheck(
  ctx: InstallContext,
  method: InstallMethod,
  versionArgv: readonly string[],
): Promise<CheckOutcome> {
  await mkdir(ctx.dir, { recursive: true })
  const installed = await INSTALLERS[method.method](ctx, method)
  if ('outcome' in installed) return installed.outcome
  try {
    const env = stepEnv(ctx.step.env, {
      bin: installed.bin,
      version: ctx.version,
      tag: ctx.tag,
      platform: `${ctx.platform.os}-${ctx.platform.arch}`,
    })
    const argv = commandFor(installed.bin, versionArgv, ctx.platform.os)
    const ran = await versionAttempt({ ...ctx.step, env }, argv, ctx.version)
    const how = `installed with ${method.method} as ${installed.bin}`
    return { ...ran, message: `${how}; ${ran.message}`, evidence: { ...installed.evidence, ...ran.evidence } }
  } finally {
    await installed.cleanup?.()
  }
}

/**
 * The version command for an installed command. npm's Windows shims are .cmd files, which only
 * cmd.exe runs (as npm itself runs them); everything else is started directly.
 */
export function commandFor(bin: string, versionArgv: readonly string[], os: NodeJS.Platform): string[] {
  const argv = versionArgv.map((a) => a.replaceAll('{bin}', bin))
  if (os === 'win32' && /\.cmd$/i.test(bin)) return ['cmd.exe', '/d', '/c', ...argv]
  return argv
}

/** Where a method installs: its own folder under the run's work folder. */
export function installDir(workDir: string, method: InstallMethodName): string {
  return path.join(workDir, 'install', method)
}
