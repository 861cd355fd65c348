import { open } from 'node:fs/promises'
import { PostflightError } from '@postflight/core'

/** One member of an ar archive: where its bytes sit in the file. */
export interface ArMember {
  name: string
  offset: number
  size: number
}

const MAGIC = '!<arch>\n'
const HEADER = 60

/**
 * Lists the members of an ar archive (the container of a .deb). Hand-written rather than a
 * dependency: the format is an 8-byte magic then, per member, a 60-byte text header (name 16,
 * mtime 12, uid 6, gid 6, mode 8, decimal size 10, "`\n") and the data padded to an even offset —
 * a dozen lines, less than a dependency (npm's one reader, ar-async, is an early 0.1). Only the
 * headers are read; a member running past the end of the file, or a bad header, is ARCHIVE.
 */
export async function listArMembers(file: string): Promise<ArMember[]> {
  const handle = await open(file, 'r')
  try {
    const { size: fileSize } = await handle.stat()
    const head = Buffer.alloc(HEADER)
    const magic = await handle.read(head, 0, MAGIC.length, 0)
    if (head.subarray(0, magic.bytesRead).toString('latin1') !== MAGIC)
      throw new PostflightError('ARCHIVE', `${file}: not an ar archive (a .deb starts with !<arch>)`)
    const members: ArMember[] = []
    for (let at = MAGIC.length; at < fileSize; ) {
      const { bytesRead } = await handle.read(head, 0, HEADER, at)
      if (bytesRead < HEADER) throw bad(file, at, 'a truncated member header')
      if (head.toString('latin1', 58, 60) !== '`\n')
        throw bad(file, at, 'a member header without its end mark')
      const sizeText = head.toString('latin1', 48, 58).trim()
      if (!/^\d+$/.test(sizeText)) throw bad(file, at, `a member size ${JSON.stringify(sizeText)}`)
      const size = Number(sizeText)
      const offset = at + HEADER
      if (offset + size > fileSize) throw bad(file, at, 'a member running past the end of the file')
      // GNU ar ends names with '/'; BSD long names (#1/len) do not occur in .deb files.
      const name = head.toString('latin1', 0, 16).trim().replace(/\/$/, '')
      members.push({ name, offset, size })
      at = offset + size + (size % 2)
    }
    return members
  } finally {
    await handle.close()
  }
}

function bad(file: string, at: number, what: string): PostflightError {
  return new PostflightError('ARCHIVE', `${file}: ${what} at byte ${at}: the ar archive is damaged`)
}
