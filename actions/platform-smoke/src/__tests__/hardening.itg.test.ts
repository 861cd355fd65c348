// Binary hardening read from real headers: binaries on this machine and C programs compiled here with
// and without the flags; PE and Mach-O headers are laid out by hand below (no such compiler here).
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hardeningCheck, readHardening } from '../hardening/hardening-check.ts'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-harden-'))
  await writeFile(path.join(dir, 'main.c'), 'int main(void) { return 0; }\n')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

function gcc(name: string, ...flags: string[]): string {
  const out = path.join(dir, name)
  execFileSync('gcc', [...flags, '-o', out, path.join(dir, 'main.c')], { stdio: 'pipe' })
  return out
}

/**
 * A minimal PE32+ header: DOS header ("MZ", e_lfanew at 0x3c = 0x40), then at 0x40 the "PE\0\0"
 * signature, the 20-byte file header (machine 0x8664 = x64, no sections, optional header of 240
 * bytes) and the PE32+ optional header (magic 0x20b; DllCharacteristics at +70; 16 data directories
 * at +112, 8 bytes each: the security directory, index 4, at +144 holds file offset and size).
 */
function peImage(dllCharacteristics: number, signature?: { offset: number; size: number }): Buffer {
  const buf = Buffer.alloc(0x200)
  buf.write('MZ', 0, 'latin1')
  buf.writeUInt32LE(0x40, 0x3c)
  buf.write('PE\0\0', 0x40, 'latin1')
  const fh = 0x44
  buf.writeUInt16LE(0x8664, fh)
  buf.writeUInt16LE(0, fh + 2)
  buf.writeUInt16LE(240, fh + 16)
  buf.writeUInt16LE(0x22, fh + 18)
  const oh = fh + 20
  buf.writeUInt16LE(0x20b, oh)
  buf.writeUInt16LE(dllCharacteristics, oh + 70)
  buf.writeUInt32LE(16, oh + 108)
  if (signature) {
    buf.writeUInt32LE(signature.offset, oh + 112 + 4 * 8)
    buf.writeUInt32LE(signature.size, oh + 112 + 4 * 8 + 4)
  }
  return buf
}

/**
 * A thin 64-bit little-endian Mach-O: mach_header_64 (magic 0xfeedfacf, cputype, subtype, filetype
 * 2 = MH_EXECUTE, ncmds, sizeofcmds, flags, reserved) then load commands: LC_UUID (0x1b, 24 bytes)
 * and, when signed, LC_CODE_SIGNATURE (0x1d, 16 bytes: dataoff, datasize).
 */
function machO(cputype: number, flags: number, signed: boolean): Buffer {
  const cmds: Buffer[] = []
  const uuid = Buffer.alloc(24)
  uuid.writeUInt32LE(0x1b, 0)
  uuid.writeUInt32LE(24, 4)
  cmds.push(uuid)
  if (signed) {
    const sig = Buffer.alloc(16)
    sig.writeUInt32LE(0x1d, 0)
    sig.writeUInt32LE(16, 4)
    sig.writeUInt32LE(0x1000, 8)
    sig.writeUInt32LE(0x100, 12)
    cmds.push(sig)
  }
  const body = Buffer.concat(cmds)
  const h = Buffer.alloc(32)
  h.writeUInt32LE(0xfeedfacf, 0)
  h.writeUInt32LE(cputype, 4)
  h.writeUInt32LE(2, 12)
  h.writeUInt32LE(cmds.length, 16)
  h.writeUInt32LE(body.length, 20)
  h.writeUInt32LE(flags, 24)
  return Buffer.concat([h, body])
}

/** A universal (fat) file: big-endian 0xcafebabe, the slice count, 20-byte fat_arch entries, slices at 4 KiB steps. */
function fat(slices: Array<{ cputype: number; data: Buffer }>): Buffer {
  const out = Buffer.alloc(4096 * (slices.length + 1))
  out.writeUInt32BE(0xcafebabe, 0)
  out.writeUInt32BE(slices.length, 4)
  slices.forEach((s, i) => {
    const at = 8 + i * 20
    const offset = 4096 * (i + 1)
    out.writeUInt32BE(s.cputype, at)
    out.writeUInt32BE(offset, at + 8)
    out.writeUInt32BE(s.data.length, at + 12)
    out.writeUInt32BE(12, at + 16)
    s.data.copy(out, offset)
  })
  return out
}

const ARM64 = 0x0100000c
const X86_64 = 0x01000007
const MH_PIE = 0x200000

function props(r: Awaited<ReturnType<typeof readHardening>>): Record<string, unknown> {
  if (r.format === undefined) throw new Error('not a native binary')
  return r.properties
}

async function file(name: string, data: Buffer): Promise<string> {
  const p = path.join(dir, name)
  await writeFile(p, data)
  return p
}

describe('ELF hardening on real binaries', () => {
  it('reads /bin/ls as a PIE with an NX stack and RELRO', async () => {
    const r = await readHardening('/bin/ls')
    expect(r).toMatchObject({ format: 'elf', properties: { pie: true, nxStack: true, stripped: true } })
    expect(props(r).relro).not.toBe('none')
    expect((await hardeningCheck('/bin/ls', 'warn')).status).toBe('pass')
  })

  it('warns that the static busybox is not PIE', async () => {
    const outcome = await hardeningCheck('/bin/busybox', 'warn')
    expect(outcome.status).toBe('warn')
    expect(outcome.message).toMatch(/not PIE \(fixed load address/)
    expect(outcome.evidence).toMatchObject({ format: 'elf', pie: false })
  })

  it('tells a default gcc build from one made with -no-pie -z execstack -z norelro', async () => {
    const hardened = await readHardening(gcc('default'))
    expect(hardened).toMatchObject({ properties: { pie: true, nxStack: true, stripped: false }, missing: [] })
    const weak = gcc('weak', '-no-pie', '-z', 'execstack', '-z', 'norelro')
    const outcome = await hardeningCheck(weak, 'fail')
    expect(outcome.status).toBe('fail')
    expect(outcome.evidence).toMatchObject({ pie: false, relro: 'none', nxStack: false })
    expect(outcome.message).toContain('executable stack')
    expect(outcome.message).toContain('no RELRO')
  })

  it('reads full RELRO with -z now and a stripped binary with -s', async () => {
    const r = await readHardening(gcc('now', '-Wl,-z,now', '-s'))
    expect(r).toMatchObject({ properties: { relro: 'full', stripped: true } })
    expect(await readHardening(gcc('lazy', '-Wl,-z,lazy'))).toMatchObject({
      properties: { relro: 'partial' },
    })
  })

  it('skips a shell script and fails a truncated ELF', async () => {
    expect(
      (await hardeningCheck(await file('script', Buffer.from('#!/bin/sh\necho hi\n')), 'warn')).status,
    ).toBe('skip')
    const truncated = await file('truncated', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]))
    expect((await hardeningCheck(truncated, 'warn')).status).toBe('fail')
  })

  it('fails a crafted header announcing a 4 GiB program header table, without allocating it', async () => {
    // ELF64 little-endian, ET_EXEC, e_phoff 64, e_phentsize = e_phnum = 65535.
    const h = Buffer.alloc(128)
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(h)
    h.writeUInt16LE(2, 16)
    h.writeBigUInt64LE(64n, 32)
    h.writeUInt16LE(65535, 54)
    h.writeUInt16LE(65535, 56)
    const outcome = await hardeningCheck(await file('huge-table', h), 'warn')
    expect(outcome.status).toBe('fail')
    expect(outcome.message).toContain('a header table of 4294836225 bytes')
  })
})

describe('PE hardening from the optional header (pe-library)', () => {
  it('passes ASLR, DEP and high-entropy ASLR and sees an Authenticode signature', async () => {
    const p = await file('good.exe', peImage(0x0020 | 0x0040 | 0x0100, { offset: 0x180, size: 0x80 }))
    const outcome = await hardeningCheck(p, 'warn')
    expect(outcome.status, outcome.message).toBe('pass')
    expect(outcome.evidence).toMatchObject({
      format: 'pe',
      aslr: true,
      dep: true,
      highEntropyVa: true,
      authenticode: true,
    })
  })

  it('names every missing flag, and an unsigned binary is a note', async () => {
    const outcome = await hardeningCheck(await file('bad.exe', peImage(0)), 'warn')
    expect(outcome.status).toBe('warn')
    expect(outcome.message).toContain('no ASLR (DYNAMIC_BASE)')
    expect(outcome.message).toContain('no DEP (NX_COMPAT)')
    expect(outcome.message).toContain('no high-entropy ASLR')
    expect(outcome.message).toContain('no Authenticode signature')
    expect(outcome.evidence).toMatchObject({ authenticode: false, machine: '0x8664' })
  })

  // Real Windows launchers, where this machine has them (pip vendors distlib's).
  const real = execFileSync('sh', [
    '-c',
    "find /root/.pyenv /usr/lib/python3* /usr/local/lib -name 't64.exe' -size -5M 2>/dev/null | head -1",
  ])
    .toString()
    .trim()
  it.runIf(real !== '' && existsSync(real))('reads a real Windows executable', async () => {
    const r = await readHardening(real)
    expect(r.format).toBe('pe')
    expect(props(r).machine).toBe('0x8664')
  })
})

describe('Mach-O hardening', () => {
  it('passes a signed PIE arm64 binary', async () => {
    const outcome = await hardeningCheck(await file('signed', machO(ARM64, MH_PIE, true)), 'warn')
    expect(outcome.status, outcome.message).toBe('pass')
    expect(outcome.evidence).toMatchObject({ format: 'macho', architectures: ['arm64'] })
  })

  it('names the missing signature and PIE flag', async () => {
    const outcome = await hardeningCheck(await file('unsigned', machO(ARM64, 0, false)), 'fail')
    expect(outcome.status).toBe('fail')
    expect(outcome.message).toContain('arm64: not PIE (MH_PIE)')
    expect(outcome.message).toContain('arm64: no code signature (LC_CODE_SIGNATURE)')
  })

  it('lists every architecture of a universal binary, each slice read on its own', async () => {
    const universal = fat([
      { cputype: X86_64, data: machO(X86_64, MH_PIE, false) },
      { cputype: ARM64, data: machO(ARM64, MH_PIE, true) },
    ])
    const outcome = await hardeningCheck(await file('universal', universal), 'warn')
    expect(outcome.evidence).toMatchObject({ universal: true, architectures: ['x86_64', 'arm64'] })
    // An unsigned Intel slice still runs: a note, not a weakness.
    expect(outcome.status).toBe('pass')
    expect(outcome.message).toContain('x86_64: no code signature')
    const unsignedArm = fat([
      { cputype: X86_64, data: machO(X86_64, MH_PIE, true) },
      { cputype: ARM64, data: machO(ARM64, MH_PIE, false) },
    ])
    const weak = await hardeningCheck(await file('universal-weak', unsignedArm), 'warn')
    expect(weak.status).toBe('warn')
    expect(weak.evidence).toMatchObject({ missing: ['arm64: no code signature (LC_CODE_SIGNATURE)'] })
  })
})
