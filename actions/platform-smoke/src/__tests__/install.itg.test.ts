// Install methods for real: an npm tarball made by `npm pack`, a wheel laid out by hand (pip needs no
// network for it), the project's install.sh run against the release, and a .deb installed by dpkg
// (we are root here) and removed afterwards.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite, type RawInputs, type SuiteResult } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { HOST, makeDeb, makeSmokeRelease, writeSums } from '../../../../test/smoke-release.ts'
import { smokeSpec } from '../index.ts'

let root: string
let release: string

async function smoke(raw: RawInputs): Promise<SuiteResult> {
  const execution = await executeSuite(smokeSpec, {
    raw: {
      'results-dir': path.join(root, 'results'),
      'startup-runs': '0',
      retries: '0',
      directory: release,
      tag: 'v1.2.3',
      ...raw,
    },
    style: 'cli',
    sink: () => {},
  })
  return execution.result
}

function check(result: SuiteResult, id: string): Check {
  const found = result.checks.find((c) => c.id === id)
  if (!found)
    throw new Error(`no check ${id} in ${result.checks.map((c) => `${c.id} ${c.message}`).join('; ')}`)
  return found
}

/** A node package whose bin `app` prints `app <reports>`, packed by the real npm. */
async function npmTarball(reports: string): Promise<string> {
  const dir = path.join(root, `npm-${reports}`)
  await mkdir(dir, { recursive: true })
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'pf-smoke-app', version: reports, bin: { app: 'cli.js' } }),
  )
  await writeFile(path.join(dir, 'cli.js'), `#!/usr/bin/env node\nconsole.log('app ${reports}')\n`)
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', root], { cwd: dir })
    .toString()
    .trim()
  return path.join(root, out.split('\n').pop() ?? '')
}

/**
 * A pure-Python wheel (PEP 427) laid out by hand: the package, and its .dist-info with METADATA,
 * WHEEL, entry_points.txt (the console script `app`) and RECORD (each file's urlsafe-base64 sha256
 * and size), zipped by the real zip.
 */
async function wheel(reports: string): Promise<string> {
  const stage = path.join(root, `wheel-${reports}`)
  const info = 'pf_smoke_app-1.2.3.dist-info'
  const files: Record<string, string> = {
    'pf_smoke_app/__init__.py': `def main():\n    print("app ${reports}")\n`,
    [`${info}/METADATA`]: 'Metadata-Version: 2.1\nName: pf-smoke-app\nVersion: 1.2.3\n',
    [`${info}/WHEEL`]:
      'Wheel-Version: 1.0\nGenerator: postflight-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
    [`${info}/entry_points.txt`]: '[console_scripts]\napp = pf_smoke_app:main\n',
  }
  const record: string[] = []
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(stage, name)), { recursive: true })
    await writeFile(path.join(stage, name), text)
    const digest = createHash('sha256').update(text).digest('base64url')
    record.push(`${name},sha256=${digest},${Buffer.byteLength(text)}`)
  }
  record.push(`${info}/RECORD,,`)
  await writeFile(path.join(stage, info, 'RECORD'), `${record.join('\n')}\n`)
  const file = path.join(root, 'pf_smoke_app-1.2.3-py3-none-any.whl')
  await rm(file, { force: true })
  execFileSync('zip', ['-q', '-r', file, 'pf_smoke_app', info], { cwd: stage })
  return file
}

/** dpkg's status line for a package ('' when dpkg never heard of it). */
function dpkgStatus(pkg: string): string {
  try {
    return execFileSync('dpkg-query', ['--show', `--showformat=\${Status}`, pkg], {
      stdio: 'pipe',
    }).toString()
  } catch {
    return ''
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-install-'))
  release = path.join(root, 'release')
  await makeSmokeRelease(release)
  await makeDeb(release, { bin: 'pf-smoke-app' })
  await writeSums(release)
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('install methods', () => {
  it('npm: installs a packed tarball into a temp prefix and runs its bin', async () => {
    const tgz = await npmTarball('1.2.3')
    const install = `- method: npm\n  package: ${tgz}\n  bin: app\n  args: [--offline]\n`
    const result = await smoke({ install })
    const c = check(result, `install:npm:${HOST}`)
    expect(c.status, c.message).toBe('pass')
    expect(c.message).toMatch(/installed with npm as .*prefix\/bin\/app; reports 1\.2\.3/)
  })

  it('npm: fails when the installed bin reports another version', async () => {
    const tgz = await npmTarball('1.2.2')
    const result = await smoke({
      install: `- method: npm\n  package: ${tgz}\n  bin: app\n  args: [--offline]\n`,
    })
    expect(check(result, `install:npm:${HOST}`).message).toContain(
      'expected version 1.2.3, but it reports 1.2.2',
    )
  })

  it('npm: fails naming the package when npm cannot install it', async () => {
    const result = await smoke({
      install: `- method: npm\n  package: ${path.join(root, 'missing.tgz')}\n  args: [--offline]\n`,
    })
    const c = check(result, `install:npm:${HOST}`)
    expect(c.status).toBe('fail')
    expect(c.message).toMatch(/^npm install .*missing\.tgz: exit [1-9]/)
  })

  it('pip: installs a wheel into a temp venv with --no-index and runs its console script', async () => {
    const whl = await wheel('1.2.3')
    const result = await smoke({
      install: `- method: pip\n  package: ${whl}\n  bin: app\n  args: [--no-index]\n`,
    })
    const c = check(result, `install:pip:${HOST}`)
    expect(c.status, JSON.stringify(c.evidence)).toBe('pass')
    expect(c.message).toMatch(/venv\/bin\/app; reports 1\.2\.3/)
  })

  it('script: runs install.sh with the release values and finds what it installed', async () => {
    const script = path.join(root, 'install.sh')
    await writeFile(
      script,
      [
        '#!/bin/sh',
        'set -e',
        'mkdir -p "$POSTFLIGHT_INSTALL_DIR/bin" "$POSTFLIGHT_INSTALL_DIR/tmp"',
        'tar -xzf "$POSTFLIGHT_ASSET" -C "$POSTFLIGHT_INSTALL_DIR/tmp"',
        'mv "$POSTFLIGHT_INSTALL_DIR"/tmp/app-"$POSTFLIGHT_VERSION"-"$POSTFLIGHT_PLATFORM"/app "$POSTFLIGHT_INSTALL_DIR/bin/"',
        'rm -rf "$POSTFLIGHT_INSTALL_DIR/tmp"',
        '',
      ].join('\n'),
    )
    await chmod(script, 0o755)
    const result = await smoke({ install: `- method: script\n  script: ${script}\n` })
    const c = check(result, `install:script:${HOST}`)
    expect(c.status, JSON.stringify(c.evidence)).toBe('pass')
    expect(c.evidence).toMatchObject({ installed: 'bin/app' })
  })

  it('script: fails when the script installs nothing, and when it exits non-zero', async () => {
    const empty = path.join(root, 'empty.sh')
    await writeFile(empty, 'echo "nothing to do"\n')
    const none = await smoke({ install: `- method: script\n  script: ${empty}\n` })
    expect(check(none, `install:script:${HOST}`).message).toMatch(/exited 0 but installed no file named app/)
    const broken = path.join(root, 'broken.sh')
    await writeFile(broken, 'echo "no network" >&2\nexit 3\n')
    const failed = await smoke({ install: `- method: script\n  script: ${broken}\n` })
    expect(check(failed, `install:script:${HOST}`).message).toBe('broken.sh: exit 3')
  })

  it.runIf(process.getuid?.() === 0 && process.platform === 'linux')(
    'deb: installs the release .deb with dpkg, runs the command it puts in /usr/bin, then removes the package',
    async () => {
      expect(existsSync('/usr/bin/pf-smoke-app')).toBe(false)
      const result = await smoke({ install: '- method: deb\n  bin: pf-smoke-app\n' })
      const c = check(result, `install:deb:${HOST}`)
      expect(c.status, c.message).toBe('pass')
      expect(c.evidence).toMatchObject({ package: 'pf-smoke-app', installed: '/usr/bin/pf-smoke-app' })
      // Removed afterwards: the runner is left as it was.
      expect(existsSync('/usr/bin/pf-smoke-app')).toBe(false)
      expect(dpkgStatus('pf-smoke-app')).not.toMatch(/ installed$/)
    },
  )

  it.runIf(process.platform === 'linux')('deb: is skipped, saying why, when not root', async () => {
    const spy = vi.spyOn(process, 'getuid').mockReturnValue(1000)
    try {
      const c = check(await smoke({ install: '- deb\n' }), `install:deb:${HOST}`)
      expect(c.status).toBe('skip')
      expect(c.message).toContain('dpkg -i needs root')
    } finally {
      spy.mockRestore()
    }
  })

  it.runIf(process.getuid?.() === 0 && process.platform === 'linux')(
    'deb: leaves a package that was already installed alone',
    async () => {
      const debs = path.join(root, 'preinstalled')
      const deb = await makeDeb(debs, { bin: 'pf-smoke-app' })
      execFileSync('dpkg', ['--install', path.join(debs, deb)], { stdio: 'pipe' })
      try {
        const c = check(
          await smoke({ install: '- method: deb\n  bin: pf-smoke-app\n' }),
          `install:deb:${HOST}`,
        )
        expect(c.status).toBe('skip')
        expect(c.message).toBe('pf-smoke-app is already installed on this runner: not touched')
        expect(existsSync('/usr/bin/pf-smoke-app')).toBe(true)
      } finally {
        execFileSync('dpkg', ['--purge', 'pf-smoke-app'], { stdio: 'pipe' })
      }
    },
  )

  it('deb: fails naming what it looked for when the release has no .deb for the platform', async () => {
    const only = path.join(root, 'no-deb')
    await makeSmokeRelease(only)
    const c = check(await smoke({ directory: only, install: '- deb\n' }), `install:deb:${HOST}`)
    if (process.getuid?.() !== 0) return expect(c.status).toBe('skip')
    expect(c.status).toBe('fail')
    expect(c.message).toMatch(
      new RegExp(`no \\.deb for ${HOST} in the release .*looked among: no \\.deb files`),
    )
  })
})
