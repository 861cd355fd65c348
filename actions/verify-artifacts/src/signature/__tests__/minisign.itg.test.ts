// minisign signatures made by the real minisign (Debian's package), checked by our reader and,
// for every case, by `minisign -V` itself: the two must agree.
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite, type RawInputs, type SuiteResult } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifySpec } from '../../index.ts'
import {
  loadMinisignKeys,
  type MinisignKey,
  parseMinisignPublicKey,
  parseMinisignSignature,
  verifyMinisign,
} from '../minisign.ts'

let root: string
let asset: string
let trusted: { pub: string; sec: string; line: string }
let other: { pub: string; sec: string; line: string }

async function makeKey(name: string): Promise<{ pub: string; sec: string; line: string }> {
  const pub = path.join(root, `${name}.pub`)
  const sec = path.join(root, `${name}.key`)
  // -W: no password, so nothing waits on a terminal.
  execFileSync('minisign', ['-G', '-W', '-p', pub, '-s', sec], { stdio: 'pipe' })
  const line = (await readFile(pub, 'utf8')).split('\n')[1] as string
  return { pub, sec, line }
}

function sign(key: { sec: string }, file: string, sig: string, legacy = false): void {
  execFileSync(
    'minisign',
    [
      '-S',
      ...(legacy ? ['-l'] : []),
      '-s',
      key.sec,
      '-m',
      file,
      '-x',
      sig,
      '-t',
      `file:${path.basename(file)}`,
    ],
    { stdio: 'pipe' },
  )
}

/** What the real tool says. */
function minisignAccepts(file: string, sig: string, pub: string): boolean {
  return spawnSync('minisign', ['-V', '-q', '-m', file, '-x', sig, '-p', pub]).status === 0
}

async function ours(file: string, sig: string, keys: MinisignKey[]) {
  return verifyMinisign(file, parseMinisignSignature(await readFile(sig, 'utf8')), keys)
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-minisign-'))
  ;[trusted, other] = await Promise.all([makeKey('trusted'), makeKey('other')])
  asset = path.join(root, 'app-1.0.0.tar.gz')
  await writeFile(asset, Buffer.alloc(3 * 1024 * 1024 + 7, 'release bytes '))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('minisign signatures from the real tool', () => {
  it.each([
    ['prehashed (ED, the default)', false, 'ED'],
    ['legacy (Ed, -l)', true, 'Ed'],
  ])('verifies a good %s signature, as minisign -V does', async (_, legacy, algorithm) => {
    const sig = path.join(root, `good-${legacy}.minisig`)
    sign(trusted, asset, sig, legacy)
    const key = parseMinisignPublicKey(await readFile(trusted.pub, 'utf8'), trusted.pub)
    const verdict = await ours(asset, sig, [key])
    expect(parseMinisignSignature(await readFile(sig, 'utf8')).algorithm).toBe(algorithm)
    expect(verdict).toMatchObject({
      valid: true,
      prehashed: !legacy,
      trustedComment: 'file:app-1.0.0.tar.gz',
    })
    // Our key id is the one minisign prints in the public key's comment.
    expect(await readFile(trusted.pub, 'utf8')).toContain(verdict.keyId)
    expect(minisignAccepts(asset, sig, trusted.pub)).toBe(true)
  })

  it.each([false, true])('fails a tampered asset (legacy %s), as minisign -V does', async (legacy) => {
    const copy = path.join(root, `tampered-${legacy}.tar.gz`)
    await writeFile(copy, await readFile(asset))
    const sig = `${copy}.minisig`
    sign(trusted, copy, sig, legacy)
    await appendFile(copy, 'x')
    const verdict = await ours(copy, sig, [parseMinisignPublicKey(trusted.line, 'k')])
    expect(verdict.valid).toBe(false)
    expect(verdict.reason).toMatch(/does not match the file's contents/)
    expect(minisignAccepts(copy, sig, trusted.pub)).toBe(false)
  })

  it('refuses a legacy signature over a file too big to read into memory, naming the remedy', async () => {
    const sig = path.join(root, 'big-legacy.minisig')
    sign(trusted, asset, sig, true)
    const parsed = parseMinisignSignature(await readFile(sig, 'utf8'))
    const key = parseMinisignPublicKey(trusted.line, 'k')
    const verdict = await verifyMinisign(asset, parsed, [key], undefined, 1024)
    expect(verdict).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/legacy.*Sign it prehashed/),
    })
    // The same file within the limit verifies: the refusal is about size alone.
    expect((await verifyMinisign(asset, parsed, [key])).valid).toBe(true)
  })

  it('fails a signature by another key, naming both key ids, as minisign -V does', async () => {
    const sig = path.join(root, 'other.minisig')
    sign(other, asset, sig)
    const key = parseMinisignPublicKey(trusted.line, 'k')
    const verdict = await ours(asset, sig, [key])
    expect(verdict.valid).toBe(false)
    expect(verdict.reason).toContain(key.keyId)
    expect(verdict.reason).toContain(verdict.keyId)
    expect(minisignAccepts(asset, sig, trusted.pub)).toBe(false)
    // Among several trusted keys, the one that signed is found.
    const both = [key, parseMinisignPublicKey(other.line, 'other')]
    expect((await ours(asset, sig, both)).valid).toBe(true)
  })

  it('fails an edited trusted comment (the global signature), as minisign -V does', async () => {
    const sig = path.join(root, 'comment.minisig')
    sign(trusted, asset, sig)
    const text = await readFile(sig, 'utf8')
    await writeFile(
      sig,
      text.replace('trusted comment: file:app-1.0.0.tar.gz', 'trusted comment: file:app-9.9.9.tar.gz'),
    )
    const verdict = await ours(asset, sig, [parseMinisignPublicKey(trusted.line, 'k')])
    expect(verdict.valid).toBe(false)
    expect(verdict.reason).toMatch(/trusted comment/)
    expect(minisignAccepts(asset, sig, trusted.pub)).toBe(false)
  })

  it('loads keys as a base64 line, a minisign.pub path, or a pasted minisign.pub (two lines)', async () => {
    const pasted = (await readFile(trusted.pub, 'utf8')).split('\n')
    const keys = await loadMinisignKeys([trusted.line, other.pub, ...pasted])
    expect(keys.map((k) => k.keyId)).toHaveLength(3)
    expect(keys[0]?.keyId).toBe(keys[2]?.keyId)
    await expect(loadMinisignKeys([path.join(root, 'nope.pub')])).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('minisign-public-key 1'),
    })
    await expect(loadMinisignKeys([asset])).rejects.toMatchObject({ code: 'BAD_INPUT' })
  })
})

describe('verify-artifacts with minisign-public-key', () => {
  let dir: string
  const run = async (raw: RawInputs): Promise<{ result: SuiteResult; exitCode: number }> => {
    const execution = await executeSuite(verifySpec, {
      raw: { 'results-dir': path.join(root, 'results'), directory: dir, ...raw },
      style: 'cli',
      sink: () => {},
    })
    return { result: execution.result, exitCode: execution.exitCode }
  }
  const check = (result: SuiteResult, id: string): Check | undefined => result.checks.find((c) => c.id === id)

  beforeAll(async () => {
    dir = path.join(root, 'release')
    await mkdir(dir)
    const bin = path.join(dir, 'app-1.0.0-linux-x64.tar.gz')
    await writeFile(path.join(root, 'app'), '#!/bin/sh\necho 1.0.0\n')
    execFileSync('tar', ['-czf', bin, '-C', root, 'app'])
    sign(trusted, bin, `${bin}.minisig`)
    await writeFile(path.join(dir, 'app-1.0.0.txt'), 'notes\n')
    const sums = execFileSync('sha256sum', ['app-1.0.0-linux-x64.tar.gz', 'app-1.0.0.txt'], { cwd: dir })
    await writeFile(path.join(dir, 'SHA256SUMS'), sums)
    sign(trusted, path.join(dir, 'app-1.0.0.txt'), path.join(dir, 'app-1.0.0.txt.minisig'), true)
  })

  it('passes a release whose every asset has a good .minisig, and requires them by default', async () => {
    const { result, exitCode } = await run({ 'minisign-public-key': trusted.line })
    expect(exitCode, JSON.stringify(result.checks, null, 1)).toBe(0)
    expect(check(result, 'minisign:app-1.0.0-linux-x64.tar.gz')).toMatchObject({
      status: 'pass',
      evidence: { prehashed: true, trustedComment: 'file:app-1.0.0-linux-x64.tar.gz' },
    })
    expect(check(result, 'minisign:app-1.0.0.txt')?.evidence).toMatchObject({ prehashed: false })
    expect(check(result, 'signatures:required')?.status).toBe('pass')
    // .minisig files are signatures, not assets of the release.
    expect(check(result, 'assets:present')?.evidence).toMatchObject({ assets: 2, minisigs: 2 })
  })

  it('fails with another key, and only warns without any key', async () => {
    const wrong = await run({ 'minisign-public-key': other.pub })
    expect(wrong.exitCode).toBe(1)
    expect(check(wrong.result, 'minisign:app-1.0.0.txt')?.status).toBe('fail')
    expect(check(wrong.result, 'signatures:required')?.status).toBe('fail')
    const none = await run({})
    expect(check(none.result, 'minisign:app-1.0.0.txt')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('no minisign-public-key'),
    })
  })

  it('is bad usage (exit 2) when a key is neither a key nor a file', async () => {
    const { exitCode, result } = await run({ 'minisign-public-key': 'not-a-key' })
    expect(exitCode).toBe(2)
    expect(JSON.stringify(result)).toContain('minisign-public-key')
  })
})
