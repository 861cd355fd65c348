import type { FileHandle } from 'node:fs/promises'

/** Reads `length` bytes at `offset` (fewer at the end of the file): header parsing reads tables, never whole binaries. */
export async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.max(0, length))
  const { bytesRead } = await handle.read(buf, 0, buf.length, offset)
  return buf.subarray(0, bytesRead)
}

/** A finding of the header parsers: what a flag says, and whether its absence weakens the binary. */
export interface HardeningReport {
  format: 'elf' | 'pe' | 'macho'
  /** Every property read, for the evidence. */
  properties: Record<string, unknown>
  /** What is missing that a hardened build has, in words ("not PIE"). */
  missing: string[]
  /** Plain facts that are not weaknesses ("not stripped"). */
  notes: string[]
}
