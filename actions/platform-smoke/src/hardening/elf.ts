import type { FileHandle } from 'node:fs/promises'
import { type HardeningReport, readAt } from './read-at.ts'

const ET_DYN = 3
const PT_DYNAMIC = 2
const PT_INTERP = 3
const PT_GNU_STACK = 0x6474e551
const PT_GNU_RELRO = 0x6474e552
const PF_X = 1
const DT_BIND_NOW = 24
const DT_FLAGS = 30
const DF_BIND_NOW = 0x8
const DT_FLAGS_1 = 0x6ffffffb
const DF_1_NOW = 0x1
const DF_1_PIE = 0x08000000
const SHT_SYMTAB = 2

/**
 * Reads an ELF binary's hardening from its headers, as checksec does: PIE (ET_DYN with an
 * interpreter, or DF_1_PIE for static-pie), RELRO (PT_GNU_RELRO; full with BIND_NOW), a
 * non-executable stack (PT_GNU_STACK without PF_X) and whether a symbol table is left (.symtab).
 * Hand-written: the ELF readers on npm (elfy, elf-tools) parse a whole file held in memory; this
 * needs three small tables read at their offsets, so a 100 MB binary is never loaded.
 */
export async function elfHardening(handle: FileHandle): Promise<HardeningReport> {
  const h = await readAt(handle, 0, 64)
  const is64 = h[4] === 2
  const le = h[5] !== 2
  const u16 = (b: Buffer, o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o))
  const u32 = (b: Buffer, o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o))
  const word = (b: Buffer, o: number): number =>
    is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(b, o)
  const type = u16(h, 16)
  const phoff = word(h, is64 ? 32 : 28)
  const shoff = word(h, is64 ? 40 : 32)
  const [phentsize, phnum, shentsize, shnum] = is64
    ? [u16(h, 54), u16(h, 56), u16(h, 58), u16(h, 60)]
    : [u16(h, 42), u16(h, 44), u16(h, 46), u16(h, 48)]

  const ph = await readAt(handle, phoff, phentsize * phnum)
  let interp = false
  let relro = false
  let stack: 'nx' | 'executable' | 'absent' = 'absent'
  let dynamic: { offset: number; size: number } | undefined
  for (let i = 0; (i + 1) * phentsize <= ph.length; i++) {
    const at = i * phentsize
    const ptype = u32(ph, at)
    const flags = u32(ph, at + (is64 ? 4 : 24))
    if (ptype === PT_INTERP) interp = true
    else if (ptype === PT_GNU_RELRO) relro = true
    else if (ptype === PT_GNU_STACK) stack = flags & PF_X ? 'executable' : 'nx'
    else if (ptype === PT_DYNAMIC)
      dynamic = { offset: word(ph, at + (is64 ? 8 : 4)), size: word(ph, at + (is64 ? 32 : 16)) }
  }

  let bindNow = false
  let piFlag = false
  if (dynamic) {
    const dyn = await readAt(handle, dynamic.offset, Math.min(dynamic.size, 1 << 20))
    const size = is64 ? 16 : 8
    for (let at = 0; at + size <= dyn.length; at += size) {
      const tag = word(dyn, at)
      const val = word(dyn, at + size / 2)
      if (tag === 0) break
      if (tag === DT_BIND_NOW) bindNow = true
      if (tag === DT_FLAGS && val & DF_BIND_NOW) bindNow = true
      if (tag === DT_FLAGS_1) {
        if (val & DF_1_NOW) bindNow = true
        if (val & DF_1_PIE) piFlag = true
      }
    }
  }

  const sh = shoff > 0 ? await readAt(handle, shoff, shentsize * shnum) : Buffer.alloc(0)
  let symtab = false
  for (let at = 0; at + shentsize <= sh.length && shentsize > 0; at += shentsize)
    if (u32(sh, at + 4) === SHT_SYMTAB) symtab = true

  const pie = type === ET_DYN && (interp || piFlag)
  const relroLevel = relro ? (bindNow ? 'full' : 'partial') : 'none'
  const missing: string[] = []
  if (!pie)
    missing.push(type === ET_DYN ? 'not PIE (a shared object)' : 'not PIE (fixed load address: no ASLR)')
  if (relroLevel === 'none') missing.push('no RELRO')
  if (stack !== 'nx')
    missing.push(stack === 'executable' ? 'executable stack' : 'no PT_GNU_STACK (stack may be executable)')
  const notes = [
    relroLevel === 'partial' ? 'partial RELRO (no BIND_NOW)' : '',
    symtab ? 'not stripped' : 'stripped',
  ]
  return {
    format: 'elf',
    properties: {
      class: is64 ? 64 : 32,
      pie,
      relro: relroLevel,
      nxStack: stack === 'nx',
      stripped: !symtab,
      interpreter: interp,
    },
    missing,
    notes: notes.filter(Boolean),
  }
}
