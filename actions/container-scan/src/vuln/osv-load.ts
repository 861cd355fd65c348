import { createReadStream } from 'node:fs'
import { open, readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { describeError, PostflightError } from '@postflight/core'
import type { z } from 'zod'
import { addRecord, badRecord, emptyDatabase, type OsvDatabase } from './osv-db.ts'
import { OsvRecord } from './osv-record.ts'
import { eachZipFile } from './zip-entries.ts'

// Files are read a few at a time: enough to hide the per-file latency, few enough that memory holds
// only a handful of records beyond the compact index.
const CONCURRENCY = 16

function fieldOf(issue: z.core.$ZodIssue): string {
  return issue.path.length > 0 ? `field ${issue.path.join('.')}: ${issue.message}` : issue.message
}

function addText(db: OsvDatabase, text: string, file: string): void {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw badRecord(file, `not JSON (${describeError(err)})`, err)
  }
  // A file may hold one record or a list of them (as `osv-scanner` and the API return).
  for (const [i, item] of (Array.isArray(json) ? json : [json]).entries()) {
    const parsed = OsvRecord.safeParse(item)
    if (!parsed.success) {
      const where = Array.isArray(json) ? `record ${i}, ` : ''
      throw badRecord(file, `${where}${parsed.error.issues.slice(0, 3).map(fieldOf).join('; ')}`)
    }
    addRecord(db, parsed.data)
  }
}

async function listFiles(dir: string, extension: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(extension))
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
}

/**
 * Every `*.json` record and every `*.zip` export under the folder (several ecosystems' `all.zip`
 * side by side, as downloaded). Files are read a batch at a time but added in name order, so the
 * index (and the findings) are the same on every run.
 */
async function loadFolder(db: OsvDatabase, dir: string): Promise<void> {
  const files = await listFiles(dir, '.json')
  for (let i = 0; i < files.length; i += CONCURRENCY) {
    const batch = files.slice(i, i + CONCURRENCY)
    const texts = await Promise.all(batch.map((file) => readFile(file, 'utf8')))
    for (const [j, text] of texts.entries()) addText(db, text, batch[j] as string)
  }
  for (const zip of await listFiles(dir, '.zip')) await loadZip(db, zip)
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Reads the zip's JSON entries one at a time: the archive is never held in memory. */
async function loadZip(db: OsvDatabase, file: string): Promise<void> {
  await eachZipFile(
    file,
    (name) => name.endsWith('.json'),
    (name, data) => addText(db, data.toString('utf8'), `${file}!${name}`),
  )
}

async function isZip(file: string): Promise<boolean> {
  const handle = await open(file, 'r')
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(4), 0, 4, 0)
    return bytesRead === 4 && buffer.readUInt32LE(0) === 0x04034b50
  } finally {
    await handle.close()
  }
}

/**
 * Reads OSV records from a folder (recursively, every `*.json` and every `*.zip`), a zip such as
 * osv.dev's per-ecosystem `all.zip`, or one JSON file, into an index by ecosystem and package name. A record that is not
 * valid OSV fails the load with a BAD_INPUT error naming its file (and zip entry).
 */
export async function loadOsvDatabase(pathToFolderOrZip: string): Promise<OsvDatabase> {
  const info = await stat(pathToFolderOrZip).catch((err: unknown) => {
    throw new PostflightError(
      'BAD_INPUT',
      `osv-db ${pathToFolderOrZip} cannot be read: ${describeError(err)}.`,
      {
        field: 'osv-db',
        cause: err,
      },
    )
  })
  const db = emptyDatabase(pathToFolderOrZip)
  if (info.isDirectory()) await loadFolder(db, pathToFolderOrZip)
  else if (await isZip(pathToFolderOrZip)) await loadZip(db, pathToFolderOrZip)
  else addText(db, await readAll(createReadStream(pathToFolderOrZip)), pathToFolderOrZip)
  // An empty database (a download that failed, the wrong folder) would pass every image unchecked.
  if (db.records === 0) {
    throw new PostflightError(
      'BAD_INPUT',
      `osv-db ${pathToFolderOrZip} holds no OSV record (expected *.json records or osv.dev *.zip exports)`,
      { field: 'osv-db' },
    )
  }
  return db
}
