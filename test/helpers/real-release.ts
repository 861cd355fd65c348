import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const exec = promisify(execFile)

/** Runs a real tool and returns its stdout. */
export async function tool(
  cmd: string,
  args: string[],
  cwd?: string,
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  const { stdout } = await exec(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  })
  return stdout
}

export interface GpgKey {
  home: string
  fingerprint: string
  publicKeyFile: string
  publicKeyArmored: string
  /** Writes `<file>.asc` (armored) or `<file>.sig` (binary) with a detached signature. */
  sign(file: string, armor?: boolean): Promise<string>
  dispose(): Promise<void>
}

/** A throwaway GnuPG home with one signing key, made by the real gpg. */
export async function makeGpgKey(
  uid = 'Release Signing <release@example.com>',
  algo = 'ed25519',
): Promise<GpgKey> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'pfg-'))
  const base = ['--batch', '--homedir', home, '--pinentry-mode', 'loopback', '--passphrase', '']
  await tool('gpg', [...base, '--quick-gen-key', uid, algo, 'sign', 'never'])
  const colons = await tool('gpg', ['--batch', '--homedir', home, '--with-colons', '--list-keys'])
  const fingerprint = /^fpr:+([0-9A-F]{40,64}):/m.exec(colons)?.[1]
  if (!fingerprint) throw new Error(`no fingerprint in gpg output:\n${colons}`)
  const publicKeyArmored = await tool('gpg', [
    '--batch',
    '--homedir',
    home,
    '--armor',
    '--export',
    fingerprint,
  ])
  const publicKeyFile = path.join(home, 'public.asc')
  await writeFile(publicKeyFile, publicKeyArmored)
  return {
    home,
    fingerprint,
    publicKeyFile,
    publicKeyArmored,
    async sign(file, armor = true) {
      const out = `${file}${armor ? '.asc' : '.sig'}`
      await tool('gpg', [
        ...base,
        '--yes',
        '--local-user',
        fingerprint,
        ...(armor ? ['--armor'] : []),
        '--output',
        out,
        '--detach-sign',
        file,
      ])
      return out
    },
    async dispose() {
      await tool('gpgconf', ['--homedir', home, '--kill', 'all']).catch(() => undefined)
      await rm(home, { recursive: true, force: true })
    },
  }
}

export interface RealRelease {
  dir: string
  version: string
  tag: string
  assets: string[]
}

/**
 * A release as a real pipeline makes it: tar.gz, tar.xz and zip archives built by tar and zip,
 * a SHA256SUMS manifest written by sha256sum. Signing is left to the caller.
 */
export async function makeRealRelease(root: string, version = '1.2.3'): Promise<RealRelease> {
  const dir = path.join(root, 'release')
  const stage = path.join(root, 'stage')
  const pkg = `app-${version}`
  await mkdir(path.join(stage, pkg), { recursive: true })
  await mkdir(dir, { recursive: true })
  await writeFile(path.join(stage, pkg, 'app'), `#!/bin/sh\necho "app ${version}"\n`, { mode: 0o755 })
  await writeFile(path.join(stage, pkg, 'README.md'), `# app ${version}\n`)
  const assets = [
    `app-${version}-linux-x64.tar.gz`,
    `app-${version}-darwin-arm64.tar.xz`,
    `app-${version}-win32-x64.zip`,
  ]
  await tool('tar', ['-czf', path.join(dir, assets[0] as string), pkg], stage)
  await tool('tar', ['-cJf', path.join(dir, assets[1] as string), pkg], stage)
  await tool('zip', ['-qr', path.join(dir, assets[2] as string), pkg], stage)
  await writeFile(path.join(dir, 'SHA256SUMS'), await tool('sha256sum', assets, dir))
  await rm(stage, { recursive: true, force: true })
  return { dir, version, tag: `v${version}`, assets }
}

/** Reads a GITHUB_OUTPUT file as the runner does (`name<<delimiter` blocks and `name=value` lines). */
export function parseGithubOutput(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string]
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string)
      out[name] = value.join('\n')
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return out
}
