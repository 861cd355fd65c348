import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { findBinary } from '../find-binary.ts'
import { howItEnded, outputEvidence, runStep } from '../run-step.ts'
import type { InstallContext, Installed } from './install-context.ts'
import type { InstallMethod } from './install-input.ts'

/**
 * Runs the project's own install script (default install.sh, install.ps1 on Windows) the way its
 * README tells users to, against the release under test: no argument is built from input, the
 * release values are environment variables — POSTFLIGHT_INSTALL_DIR (where to install: an empty
 * temp folder), POSTFLIGHT_ASSET (the platform's asset, on disk), POSTFLIGHT_RELEASE_DIR,
 * POSTFLIGHT_VERSION, POSTFLIGHT_TAG, POSTFLIGHT_PLATFORM, POSTFLIGHT_REPOSITORY. The command is
 * then looked up under the install folder.
 */
export async function scriptInstall(ctx: InstallContext, method: InstallMethod): Promise<Installed> {
  const win = ctx.platform.os === 'win32'
  const script = path.resolve(ctx.step.cwd, method.script ?? (win ? 'install.ps1' : 'install.sh'))
  const installDir = path.join(ctx.dir, 'install')
  const env: Record<string, string> = {
    POSTFLIGHT_INSTALL_DIR: installDir,
    POSTFLIGHT_ASSET: path.join(ctx.asset.dir, ctx.asset.name),
    POSTFLIGHT_RELEASE_DIR: ctx.asset.dir,
    ...(ctx.repository ? { POSTFLIGHT_REPOSITORY: ctx.repository } : {}),
  }
  const [command, args] = scriptCommand(script, win)
  const r = await runStep(ctx.step, command, [...args, ...(method.args ?? [])], { env })
  const evidence = { script, installDir, ...outputEvidence(r) }
  if (r.timedOut || r.exitCode !== 0)
    return {
      outcome: {
        status: 'fail',
        message: `${path.basename(script)}: ${howItEnded(r, ctx.step.timeoutMs)}`,
        evidence,
      },
    }
  const bin = method.bin ?? ctx.binary
  const files = await readdir(installDir, { recursive: true }).catch(() => [] as string[])
  const found = await findBinary(
    installDir,
    files.map((f) => f.split(path.sep).join('/')),
    bin,
    ctx.platform.os,
  )
  if (!found.found)
    return {
      outcome: {
        status: 'fail',
        message: `${path.basename(script)} exited 0 but installed ${found.why} under POSTFLIGHT_INSTALL_DIR (found: ${found.candidates.join(', ') || 'nothing'})`,
        evidence,
      },
    }
  return { bin: found.path, evidence: { script, installDir, installed: found.rel } }
}

/** sh for install.sh, PowerShell for install.ps1 (Windows PowerShell is on every Windows runner). */
export function scriptCommand(script: string, win: boolean): [string, string[]] {
  if (/\.ps1$/i.test(script))
    return [
      win ? 'powershell.exe' : 'pwsh',
      ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script],
    ]
  return ['sh', [script]]
}
