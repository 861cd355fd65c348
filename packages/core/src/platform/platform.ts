import { PostflightError } from '../errors.ts'
import { ARCH_ALIASES, OS_ALIASES } from './vocabulary.ts'

/** Operating systems Postflight picks assets for, named as Node names them (`process.platform`). */
export const PLATFORM_OSES = ['linux', 'darwin', 'win32'] as const
/** Architectures Postflight picks assets for, named as Node names them (`process.arch`). */
export const PLATFORM_ARCHES = ['x64', 'arm64', 'ia32', 'arm'] as const

export type PlatformOs = (typeof PLATFORM_OSES)[number]
export type PlatformArch = (typeof PLATFORM_ARCHES)[number]

/** A runner's platform: Node's `<os>-<arch>`, e.g. linux-x64, darwin-arm64, win32-x64. */
export interface Platform {
  os: PlatformOs
  arch: PlatformArch
}

export function formatPlatform(p: Platform): string {
  return `${p.os}-${p.arch}`
}

// The pairs Node ships for; macOS has had no 32-bit build for years.
const VALID = [
  'linux-x64',
  'linux-arm64',
  'linux-ia32',
  'linux-arm',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64',
  'win32-arm64',
  'win32-ia32',
]

function isOs(s: string): s is PlatformOs {
  return (PLATFORM_OSES as readonly string[]).includes(s)
}
function isArch(s: string): s is PlatformArch {
  return (PLATFORM_ARCHES as readonly string[]).includes(s)
}

/**
 * Node's name for a platform written another way (macos-arm64, windows-amd64, linux-x86_64), so
 * the error can say what was probably meant instead of only listing the valid values.
 */
function suggest(os: string, arch: string): string | undefined {
  const o = OS_ALIASES.get(os)
  const a = ARCH_ALIASES.get(arch)
  return o && a && VALID.includes(`${o}-${a}`) ? `${o}-${a}` : undefined
}

/**
 * Parses a `platform` input (`<os>-<arch>` with Node's names). Throws a BAD_INPUT PostflightError
 * naming the field and the valid values; a near miss (`macos-arm64`) is answered with Node's name.
 */
export function parsePlatform(input: string, field = 'platform'): Platform {
  const s = input.trim().toLowerCase()
  const dash = s.indexOf('-')
  const os = dash === -1 ? s : s.slice(0, dash)
  const arch = dash === -1 ? '' : s.slice(dash + 1)
  if (isOs(os) && isArch(arch) && VALID.includes(s)) return { os, arch }
  const hint = suggest(os, arch.replaceAll('-', '_'))
  throw new PostflightError(
    'BAD_INPUT',
    `${field}: expected <os>-<arch> with Node's names (one of ${VALID.join(', ')}), got ${JSON.stringify(input)}${
      hint ? ` (did you mean ${hint}?)` : ''
    }`,
    { field },
  )
}

/** The platform this process runs on; a BAD_INPUT error when it is not one assets are picked for. */
export function currentPlatform(): Platform {
  return parsePlatform(`${process.platform}-${process.arch}`, 'platform (this runner)')
}
