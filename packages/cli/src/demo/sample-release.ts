import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import * as openpgp from 'openpgp'
import tar from 'tar-stream'
import yazl from 'yazl'

export interface SampleRelease {
  dir: string
  tag: string
  publicKeyFile: string
  fingerprint: string
  assets: string[]
}

const SCRIPT = '#!/bin/sh\necho "demo-app 1.4.0"\n'

async function writeTarGz(
  file: string,
  entries: Array<{ name: string; body: string; mode: number }>,
): Promise<void> {
  const pack = tar.pack()
  for (const e of entries) pack.entry({ name: e.name, mode: e.mode, mtime: new Date(0) }, e.body)
  pack.finalize()
  await pipeline(pack, createGzip(), createWriteStream(file))
}

async function writeZip(file: string, entries: Array<{ name: string; body: string }>): Promise<void> {
  const zip = new yazl.ZipFile()
  for (const e of entries) zip.addBuffer(Buffer.from(e.body), e.name, { mtime: new Date(0) })
  zip.end()
  await pipeline(zip.outputStream, createWriteStream(file))
}

/**
 * Builds a small but realistic release in `dir`: per-platform archives, a SHA256SUMS manifest and
 * its detached OpenPGP signature made with a throwaway key generated on the spot.
 */
export async function buildSampleRelease(dir: string): Promise<SampleRelease> {
  const tag = 'v1.4.0'
  const assets = [
    'demo-app-1.4.0-linux-x64.tar.gz',
    'demo-app-1.4.0-darwin-arm64.tar.gz',
    'demo-app-1.4.0-win32-x64.zip',
  ]
  for (const name of assets.filter((a) => a.endsWith('.tar.gz'))) {
    await writeTarGz(path.join(dir, name), [
      { name: 'demo-app-1.4.0/demo-app', body: SCRIPT, mode: 0o755 },
      { name: 'demo-app-1.4.0/LICENSE', body: 'MIT\n', mode: 0o644 },
    ])
  }
  await writeZip(path.join(dir, 'demo-app-1.4.0-win32-x64.zip'), [
    { name: 'demo-app-1.4.0/demo-app.cmd', body: '@echo demo-app 1.4.0\r\n' },
  ])
  const lines: string[] = []
  for (const name of assets) {
    const digest = createHash('sha256')
      .update(await readFile(path.join(dir, name)))
      .digest('hex')
    lines.push(`${digest}  ${name}`)
  }
  const manifest = `${lines.join('\n')}\n`
  await writeFile(path.join(dir, 'SHA256SUMS'), manifest)

  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'curve25519',
    userIDs: [{ name: 'Demo Release Signing (throwaway)', email: 'release@demo.invalid' }],
    format: 'armored',
  })
  const signingKey = await openpgp.readPrivateKey({ armoredKey: privateKey })
  const signature = await openpgp.sign({
    message: await openpgp.createMessage({ binary: Buffer.from(manifest) }),
    signingKeys: signingKey,
    detached: true,
    format: 'armored',
  })
  await writeFile(path.join(dir, 'SHA256SUMS.asc'), signature)
  const publicKeyFile = path.join(path.dirname(dir), 'release-signing-key.asc')
  await writeFile(publicKeyFile, publicKey)
  return { dir, tag, publicKeyFile, fingerprint: signingKey.getFingerprint().toUpperCase(), assets }
}
