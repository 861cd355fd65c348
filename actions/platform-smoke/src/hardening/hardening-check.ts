import { open } from 'node:fs/promises'
import type { CheckOutcome } from '@postflight/core'
import { elfHardening } from './elf.ts'
import { isMachOMagic, machoHardening } from './macho.ts'
import { peHardening } from './pe.ts'
import { type HardeningReport, readAt } from './read-at.ts'

export type HardeningMode = 'warn' | 'fail' | 'off'

/** Which header parser a file's first bytes call for; undefined for anything that is not a native binary. */
export function binaryFormat(head: Buffer): HardeningReport['format'] | undefined {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x7f454c46) return 'elf'
  if (head.length >= 2 && head.toString('latin1', 0, 2) === 'MZ') return 'pe'
  if (isMachOMagic(head)) return 'macho'
  return undefined
}

/** Reads the binary's hardening from its headers, whatever its format. */
export async function readHardening(
  file: string,
): Promise<HardeningReport | { format: undefined; head: string }> {
  const handle = await open(file, 'r')
  try {
    const head = await readAt(handle, 0, 8)
    const format = binaryFormat(head)
    if (format === 'elf') return await elfHardening(handle)
    if (format === 'pe') return await peHardening(handle)
    if (format === 'macho') return await machoHardening(handle)
    return { format: undefined, head: head.toString('latin1', 0, 2) }
  } finally {
    await handle.close()
  }
}

/**
 * The `hardening:` check: what the binary's headers say of PIE/ASLR, RELRO, NX/DEP and signatures.
 * Anything missing is a warning (`hardening: warn`, the default) or a failure (`fail`); a script
 * or another non-native file is skipped, and headers that cannot be read fail (a truncated binary).
 */
export async function hardeningCheck(
  file: string,
  mode: Exclude<HardeningMode, 'off'>,
): Promise<CheckOutcome> {
  let report: Awaited<ReturnType<typeof readHardening>>
  try {
    report = await readHardening(file)
  } catch (err) {
    return {
      status: 'fail',
      message: `its headers cannot be read: ${(err as Error).message}`,
      evidence: { file },
    }
  }
  if (report.format === undefined) {
    const what = report.head === '#!' ? 'a script' : 'not an ELF, PE or Mach-O binary'
    return { status: 'skip', message: `${what}: no hardening to read` }
  }
  const evidence = {
    format: report.format,
    ...report.properties,
    missing: report.missing,
    notes: report.notes,
  }
  const notes = report.notes.length > 0 ? ` (${report.notes.join('; ')})` : ''
  const name = { elf: 'ELF', pe: 'PE', macho: 'Mach-O' }[report.format]
  if (report.missing.length === 0)
    return { status: 'pass', message: `${name}: every hardening flag checked is set${notes}`, evidence }
  return {
    status: mode === 'fail' ? 'fail' : 'warn',
    severity: 'medium',
    message: `${name}: ${report.missing.join(', ')}${notes}`,
    evidence,
  }
}
