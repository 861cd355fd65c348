import { Writable } from 'node:stream'

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1')
/** The header is 32 bytes; version and module info follow it, inline since Go 1.18. */
const HEADER = 32
const KEEP = 64 * 1024

export interface GoBuildInfo {
  goVersion: string
  /** The main module path (`path` line) and module (`mod` line). */
  path?: string
  main?: { path: string; version: string }
  deps: Array<{ path: string; version: string }>
}

/**
 * A sink that looks for Go's build info header in an executable as it streams past, keeping only
 * the 64 KiB after it: no binary is held whole. Only the Go 1.18+ inline form (flags bit 2) is read;
 * older binaries store pointers into the data segment and are left out (they would need an ELF reader).
 */
export class GoBuildInfoScanner extends Writable {
  #tail = Buffer.alloc(0)
  #found: Buffer[] = []
  #foundBytes = -1

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    if (this.#foundBytes >= 0) {
      if (this.#foundBytes < KEEP) {
        this.#found.push(chunk)
        this.#foundBytes += chunk.length
      }
      callback()
      return
    }
    const window = this.#tail.length > 0 ? Buffer.concat([this.#tail, chunk]) : chunk
    const at = window.indexOf(MAGIC)
    if (at !== -1) {
      const rest = window.subarray(at)
      this.#found = [Buffer.from(rest)]
      this.#foundBytes = rest.length
    } else {
      this.#tail = Buffer.from(window.subarray(Math.max(0, window.length - MAGIC.length + 1)))
    }
    callback()
  }

  /** The build info, when the header was seen and is in the inline form. */
  result(): GoBuildInfo | undefined {
    if (this.#foundBytes < 0) return undefined
    return parseGoBuildInfo(Buffer.concat(this.#found).subarray(0, KEEP))
  }
}

function readVarint(buf: Buffer, offset: number): [number, number] | undefined {
  let value = 0
  let shift = 0
  for (let i = offset; i < buf.length && shift < 35; i++) {
    const byte = buf[i] as number
    value += (byte & 0x7f) * 2 ** shift
    if ((byte & 0x80) === 0) return [value, i + 1]
    shift += 7
  }
  return undefined
}

/** Parses a buffer starting at the `\xff Go buildinf:` header. */
export function parseGoBuildInfo(buf: Buffer): GoBuildInfo | undefined {
  if (buf.length < HEADER || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return undefined
  const flags = buf[15] as number
  if ((flags & 0x2) === 0) return undefined
  const strings: string[] = []
  let offset = HEADER
  for (let i = 0; i < 2; i++) {
    const v = readVarint(buf, offset)
    if (!v || v[1] + v[0] > buf.length) return undefined
    strings.push(buf.subarray(v[1], v[1] + v[0]).toString('utf8'))
    offset = v[1] + v[0]
  }
  const [goVersion = '', modinfo = ''] = strings
  const info: GoBuildInfo = { goVersion, deps: [] }
  // The module info is framed by 16-byte sentinels; its lines are tab-separated.
  const text = modinfo.length >= 32 ? modinfo.slice(16, -16) : modinfo
  let last: { path: string; version: string } | undefined
  for (const line of text.split('\n')) {
    const [kind, a = '', b = ''] = line.split('\t')
    if (kind === 'path') info.path = a
    else if (kind === 'mod') info.main = last = { path: a, version: b }
    else if (kind === 'dep') {
      last = { path: a, version: b }
      info.deps.push(last)
    } else if (kind === '=>' && last) {
      // A replaced module: the replacement's version is what was built.
      last.path = a
      last.version = b || last.version
    }
  }
  return info
}
