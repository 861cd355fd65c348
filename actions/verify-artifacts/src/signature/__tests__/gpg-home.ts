import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface GenKeyOptions {
  algorithm: string
  expire?: string
  /** gpg's --faked-system-time value, e.g. `20200101T000000!`, to make keys and signatures in the past. */
  at?: string
}

/** A throwaway GnuPG home in a temp dir, so tests never touch the user's keyring. */
export interface GpgHome {
  dir: string
  genKey(userId: string, options: GenKeyOptions): Promise<string>
  exportPublic(fingerprint: string): Promise<string>
  detachSign(
    fingerprint: string,
    file: string,
    options?: { armor?: boolean; textMode?: boolean; digestAlgo?: string; at?: string },
  ): Promise<Uint8Array>
  revoke(fingerprint: string): Promise<void>
  cleanup(): Promise<void>
}

export async function createGpgHome(): Promise<GpgHome> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pf-gpg-'))
  const base = ['--homedir', dir, '--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '']
  const gpg = async (args: string[], at?: string): Promise<Buffer> => {
    const faked = at ? ['--faked-system-time', at] : []
    const { stdout } = await run('gpg', [...base, ...faked, ...args], {
      encoding: 'buffer',
      maxBuffer: 16 * 1024 * 1024,
    })
    return stdout
  }

  return {
    dir,
    async genKey(userId, { algorithm, expire = 'never', at }) {
      await gpg(['--quick-gen-key', userId, algorithm, 'sign', expire], at)
      const listing = (await gpg(['--with-colons', '--list-keys', `=${userId}`], at)).toString('utf8')
      const fingerprint = /^fpr:{9}([0-9A-F]{40}):/m.exec(listing)?.[1]
      if (!fingerprint) throw new Error(`gpg made no key for ${userId}:\n${listing}`)
      return fingerprint
    },
    async exportPublic(fingerprint) {
      return (await gpg(['--armor', '--export', fingerprint])).toString('utf8')
    },
    async detachSign(fingerprint, file, { armor = false, textMode = false, digestAlgo, at } = {}) {
      const mode = [
        ...(armor ? ['--armor'] : []),
        ...(textMode ? ['--textmode'] : []),
        ...(digestAlgo ? ['--digest-algo', digestAlgo] : []),
      ]
      return gpg(['--local-user', fingerprint, ...mode, '--output', '-', '--detach-sign', file], at)
    },
    async revoke(fingerprint) {
      // gpg stores a ready revocation certificate at key creation, defused by a leading colon.
      const stored = await readFile(path.join(dir, 'openpgp-revocs.d', `${fingerprint}.rev`), 'utf8')
      const certificate = path.join(dir, `${fingerprint}.rev.asc`)
      await writeFile(certificate, stored.replace(/^:-----BEGIN/m, '-----BEGIN'))
      await gpg(['--import', certificate])
    },
    async cleanup() {
      await run('gpgconf', ['--homedir', dir, '--kill', 'all']).catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
