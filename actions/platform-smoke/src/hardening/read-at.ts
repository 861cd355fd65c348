import type { FileHandle } from 'node:fs/promises'

// Far above any real header table (65,535 section headers of 64 bytes are 4 MiB). A crafted header
// announcing 65,535 × 65,535 bytes would otherwise be allocated (4 GiB), and a length above 2 GiB
// aborts Node inside fs.read: the action would die without a results file.
const MAX_TABLE = 16 * 1024 * 1024

/** Reads `length` bytes at `offset` (fewer at the end of the file): header parsing reads tables, never whole binaries. */
export async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  if (length > MAX_TABLE)
    throw new Error(`a header table of ${length} bytes at byte ${offset}: no real binary has one so large`)
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
