import { access } from 'node:fs/promises'
import path from 'node:path'
import { howItEnded, outputEvidence, runStep } from '../run-step.ts'
import type { InstallContext, Installed } from './install-context.ts'
import type { InstallMethod } from './install-input.ts'

/**
 * `npm install --global --prefix <temp>` of the package (default `<bin>@<version>`, or a tarball
 * or folder path), so nothing outside the temp prefix changes; the bin npm links is the command.
 * On Windows npm is run as `node npm-cli.js` (npm.cmd would need cmd.exe to parse the arguments).
 */
export async function npmInstall(ctx: InstallContext, method: InstallMethod): Promise<Installed> {
  const bin = method.bin ?? ctx.binary
  const spec = method.package ?? (ctx.version ? `${bin}@${ctx.version}` : bin)
  const prefix = path.join(ctx.dir, 'prefix')
  const args = [
    'install',
    '--global',
    '--prefix',
    prefix,
    '--no-audit',
    '--no-fund',
    ...(method.args ?? []),
    spec,
  ]
  const [command, pre] = await npmCommand(ctx.step.env)
  const r = await runStep(ctx.step, command, [...pre, ...args])
  const evidence = { package: spec, prefix, command: ['npm', ...args], ...outputEvidence(r) }
  if (r.timedOut || r.exitCode !== 0)
    return {
      outcome: {
        status: 'fail',
        message: `npm install ${spec}: ${howItEnded(r, ctx.step.timeoutMs)}`,
        evidence,
      },
    }
  const installed =
    ctx.platform.os === 'win32' ? path.join(prefix, `${bin}.cmd`) : path.join(prefix, 'bin', bin)
  return { bin: installed, evidence: { package: spec, prefix } }
}

async function npmCommand(env: NodeJS.ProcessEnv): Promise<[string, string[]]> {
  if (process.platform !== 'win32') return ['npm', []]
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH'
  for (const dir of (env[key] ?? '').split(path.delimiter)) {
    const cli = path.join(dir, 'node_modules', 'npm', 'bin', 'npm-cli.js')
    if (
      await access(path.join(dir, 'npm.cmd'))
        .then(() => access(cli))
        .then(
          () => true,
          () => false,
        )
    )
      return [process.execPath, [cli]]
  }
  return ['npm', []]
}
