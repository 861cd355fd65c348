import path from 'node:path'
import { howItEnded, outputEvidence, runStep } from '../run-step.ts'
import type { InstallContext, Installed } from './install-context.ts'
import type { InstallMethod } from './install-input.ts'

/**
 * `python -m venv` in a temp folder, then that venv's `pip install` of the package (default
 * `<bin>==<version>`, or a wheel/sdist path); the console script pip writes is the command.
 * `args` reach pip (`--no-index`, `--index-url …`).
 */
export async function pipInstall(ctx: InstallContext, method: InstallMethod): Promise<Installed> {
  const bin = method.bin ?? ctx.binary
  const spec = method.package ?? (ctx.version ? `${bin}==${ctx.version}` : bin)
  const venv = path.join(ctx.dir, 'venv')
  const win = ctx.platform.os === 'win32'
  const python = win ? 'python' : 'python3'
  const made = await runStep(ctx.step, python, ['-m', 'venv', venv])
  if (made.timedOut || made.exitCode !== 0)
    return {
      outcome: {
        status: 'error',
        message: `${python} -m venv: ${howItEnded(made, ctx.step.timeoutMs)} (is python3-venv installed?)`,
        evidence: outputEvidence(made),
      },
    }
  const scripts = path.join(venv, win ? 'Scripts' : 'bin')
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check', ...(method.args ?? []), spec]
  const r = await runStep(ctx.step, path.join(scripts, win ? 'python.exe' : 'python'), args)
  const evidence = { package: spec, venv, command: ['python', ...args], ...outputEvidence(r) }
  if (r.timedOut || r.exitCode !== 0)
    return {
      outcome: {
        status: 'fail',
        message: `pip install ${spec}: ${howItEnded(r, ctx.step.timeoutMs)}`,
        evidence,
      },
    }
  return { bin: path.join(scripts, win ? `${bin}.exe` : bin), evidence: { package: spec, venv } }
}
