import type { FileHandle } from 'node:fs/promises'
import { type HardeningReport, readAt } from './read-at.ts'

const FAT_MAGIC = 0xcafebabe
const FAT_MAGIC_64 = 0xcafebabf
const MH_MAGIC = 0xfeedface
const MH_MAGIC_64 = 0xfeedfacf
const MH_CIGAM = 0xcefaedfe
const MH_CIGAM_64 = 0xcffaedfe
const MH_PIE = 0x200000
const LC_CODE_SIGNATURE = 0x1d
const CPU_ARCH_ABI64 = 0x01000000
const CPU_NAMES: Record<number, string> = { 7: 'i386', 12: 'arm', 18: 'ppc' }

/** True for the first four bytes of a thin or universal Mach-O file. */
export function isMachOMagic(head: Buffer): boolean {
  if (head.length < 8) return false
  const be = head.readUInt32BE(0)
  // Java class files share 0xcafebabe; their next word (a version) is far above any slice count.
  if (be === FAT_MAGIC || be === FAT_MAGIC_64) return head.readUInt32BE(4) > 0 && head.readUInt32BE(4) < 32
  return [MH_MAGIC, MH_MAGIC_64, MH_CIGAM, MH_CIGAM_64].includes(be)
}

interface Slice {
  arch: string
  pie: boolean
  signed: boolean
}

/**
 * Reads a Mach-O binary's hardening: per architecture slice (a universal binary lists them all),
 * the MH_PIE flag and whether a code signature is attached (LC_CODE_SIGNATURE). Hand-written: the
 * npm `macho` parser takes the whole file as one buffer; a fat header and one load-command walk
 * per slice, read at their offsets, are short. A missing signature is a weakness for arm64 slices
 * (Apple silicon refuses to run unsigned arm64 code) and a note for the others.
 */
export async function machoHardening(handle: FileHandle): Promise<HardeningReport> {
  const head = await readAt(handle, 0, 8)
  const magic = head.readUInt32BE(0)
  const slices: Slice[] = []
  if (magic === FAT_MAGIC || magic === FAT_MAGIC_64) {
    const count = head.readUInt32BE(4)
    const size = magic === FAT_MAGIC ? 20 : 32
    const table = await readAt(handle, 8, count * size)
    for (let i = 0; i < count; i++) {
      const at = i * size
      const offset = magic === FAT_MAGIC ? table.readUInt32BE(at + 8) : Number(table.readBigUInt64BE(at + 8))
      slices.push(await thin(handle, offset))
    }
  } else slices.push(await thin(handle, 0))
  const missing: string[] = []
  const notes: string[] = slices.length > 1 ? [`universal: ${slices.map((s) => s.arch).join(', ')}`] : []
  for (const s of slices) {
    if (!s.pie) missing.push(`${s.arch}: not PIE (MH_PIE)`)
    const unsigned = `${s.arch}: no code signature (LC_CODE_SIGNATURE)`
    // Apple silicon runs no unsigned arm64 code; an unsigned Intel binary still runs.
    if (!s.signed) (s.arch.startsWith('arm64') ? missing : notes).push(unsigned)
  }
  return {
    format: 'macho',
    properties: { universal: slices.length > 1, architectures: slices.map((s) => s.arch), slices },
    missing,
    notes,
  }
}

async function thin(handle: FileHandle, base: number): Promise<Slice> {
  const h = await readAt(handle, base, 32)
  const magicBE = h.readUInt32BE(0)
  const le = magicBE === MH_CIGAM || magicBE === MH_CIGAM_64
  const is64 = magicBE === MH_MAGIC_64 || magicBE === MH_CIGAM_64
  if (!le && magicBE !== MH_MAGIC && magicBE !== MH_MAGIC_64)
    throw new Error(`no Mach-O header at byte ${base}`)
  const u32 = (b: Buffer, o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o))
  const cpu = u32(h, 4)
  const ncmds = u32(h, 16)
  const sizeofcmds = u32(h, 20)
  const flags = u32(h, 24)
  const cmds = await readAt(handle, base + (is64 ? 32 : 28), Math.min(sizeofcmds, 1 << 20))
  let signed = false
  for (let i = 0, at = 0; i < ncmds && at + 8 <= cmds.length; i++) {
    const cmd = u32(cmds, at)
    const cmdsize = u32(cmds, at + 4)
    if (cmd === LC_CODE_SIGNATURE) signed = true
    if (cmdsize < 8) break
    at += cmdsize
  }
  return { arch: cpuName(cpu), pie: (flags & MH_PIE) !== 0, signed }
}

function cpuName(cpu: number): string {
  const base = CPU_NAMES[cpu & ~CPU_ARCH_ABI64 & 0xffffff]
  if (!base) return `cpu-0x${cpu.toString(16)}`
  if (cpu & CPU_ARCH_ABI64) return base === 'i386' ? 'x86_64' : base === 'arm' ? 'arm64' : `${base}64`
  return base
}
