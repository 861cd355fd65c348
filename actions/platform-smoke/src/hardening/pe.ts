import type { FileHandle } from 'node:fs/promises'
import { Format } from 'pe-library'
import { type HardeningReport, readAt } from './read-at.ts'

const HIGH_ENTROPY_VA = 0x0020
const DYNAMIC_BASE = 0x0040
const NX_COMPAT = 0x0100
const SECURITY_DIRECTORY = 4
const PE32_PLUS = 0x20b
// The headers: signature (4), file header (20), optional header with its 16 data directories (240 for PE32+).
const NT_HEADERS_BYTES = 4 + 20 + 240

/**
 * Reads a PE (Windows) binary's hardening from its optional header with pe-library: ASLR
 * (DYNAMIC_BASE), DEP (NX_COMPAT), high-entropy ASLR (HIGH_ENTROPY_VA, 64-bit images only) and
 * whether an Authenticode signature is attached (the security data directory is not empty). Only
 * the headers are read, never the sections. An unsigned binary is a note, not a weakness: most
 * open-source releases are not signed.
 */
export async function peHardening(handle: FileHandle): Promise<HardeningReport> {
  const dos = Format.ImageDosHeader.from(toArrayBuffer(await readAt(handle, 0, 64)))
  const at = dos.newHeaderAddress
  const nt = Format.ImageNtHeaders.from(toArrayBuffer(await readAt(handle, at, NT_HEADERS_BYTES)))
  if (!nt.isValid()) throw new Error('no PE signature at the offset the DOS header names')
  const optional = nt.optionalHeader
  const flags = optional.dllCharacteristics
  const is64 = optional.magic === PE32_PLUS
  const security = nt.optionalHeaderDataDirectory.get(SECURITY_DIRECTORY)
  const signed = security.size > 0 && security.virtualAddress > 0
  const properties = {
    machine: `0x${nt.fileHeader.machine.toString(16)}`,
    pe32Plus: is64,
    aslr: (flags & DYNAMIC_BASE) !== 0,
    dep: (flags & NX_COMPAT) !== 0,
    highEntropyVa: (flags & HIGH_ENTROPY_VA) !== 0,
    authenticode: signed,
  }
  const missing: string[] = []
  if (!properties.aslr) missing.push('no ASLR (DYNAMIC_BASE)')
  if (!properties.dep) missing.push('no DEP (NX_COMPAT)')
  if (is64 && !properties.highEntropyVa) missing.push('no high-entropy ASLR (HIGH_ENTROPY_VA)')
  return {
    format: 'pe',
    properties,
    missing,
    notes: [signed ? 'Authenticode signature attached' : 'no Authenticode signature'],
  }
}

function toArrayBuffer(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer
}
