import { runProcess } from '@postflight/core'

const ATTRIBUTE = 'com.apple.quarantine'

export interface QuarantineFinding {
  present: boolean
  value?: string
  removed?: boolean
  error?: string
}

/**
 * What `xattr -p com.apple.quarantine` said: exit 0 prints the attribute (the file is quarantined:
 * Gatekeeper would stop it on first run), exit 1 means it has none; anything else is not an answer.
 */
export function readQuarantine(exitCode: number | null, stdout: string, stderr: string): QuarantineFinding {
  if (exitCode === 0) return { present: true, value: stdout.trim() }
  if (exitCode === 1 && /no such xattr/i.test(stderr)) return { present: false }
  return { present: false, error: `xattr exited ${exitCode}: ${stderr.trim()}` }
}

/**
 * On macOS, finds and removes the quarantine attribute of the unpacked binary before it runs —
 * what a user clears by hand (or a package manager does) after downloading — and says so in the
 * evidence. Elsewhere there is no such attribute: undefined.
 */
export async function clearQuarantine(
  bin: string,
  os: NodeJS.Platform,
  signal: AbortSignal,
): Promise<QuarantineFinding | undefined> {
  if (os !== 'darwin') return undefined
  const opts = { timeoutMs: 10_000, signal }
  const probe = await runProcess('xattr', ['-p', ATTRIBUTE, bin], opts)
  const finding = readQuarantine(probe.exitCode, probe.stdout, probe.stderr)
  if (!finding.present) return finding
  const removed = await runProcess('xattr', ['-d', ATTRIBUTE, bin], opts)
  return { ...finding, removed: removed.exitCode === 0 }
}
