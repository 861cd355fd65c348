import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { type ArchiveExtraction, extractArchive, PostflightError } from '@postflight/core'
import { listArMembers } from './ar-members.ts'

/** `data.tar`, `data.tar.gz`, `.xz`, `.zst`, `.bz2`: the files a .deb installs. */
const DATA = /^data\.tar(\.(gz|xz|zst|bz2))?$/

/**
 * Unpacks the files a .deb installs without dpkg: its `data.tar.*` member is copied out of the ar
 * container to `scratch`, then extracted by core's safe extraction into `dest` (`./usr/bin/app`
 * lands as `usr/bin/app`), with every limit and path check of any archive.
 */
export async function unpackDeb(
  deb: string,
  dest: string,
  scratch: string,
  signal: AbortSignal,
): Promise<ArchiveExtraction & { member: string }> {
  const members = await listArMembers(deb)
  if (members[0]?.name !== 'debian-binary')
    throw new PostflightError(
      'ARCHIVE',
      `${path.basename(deb)}: an ar archive, but not a .deb (no debian-binary first)`,
    )
  const data = members.find((m) => DATA.test(m.name))
  if (!data)
    throw new PostflightError(
      'ARCHIVE',
      `${path.basename(deb)}: no data.tar member (found ${members.map((m) => m.name).join(', ')})`,
    )
  await mkdir(scratch, { recursive: true })
  const tar = path.join(scratch, data.name)
  if (data.size > 0)
    await pipeline(
      createReadStream(deb, { start: data.offset, end: data.offset + data.size - 1, signal }),
      createWriteStream(tar),
    )
  else await pipeline(async function* () {}, createWriteStream(tar))
  return { ...(await extractArchive(tar, dest, { signal })), member: data.name }
}
