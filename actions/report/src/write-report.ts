import path from 'node:path'
import { ensureDir, type Report, writeFileAtomic } from '@postflight/core'
import type { Format } from './inputs.ts'
import { htmlChunks } from './render/html.ts'
import { jsonChunks } from './render/json.ts'
import { junitChunks } from './render/junit.ts'
import { type MarkdownOptions, renderMarkdown } from './render/markdown.ts'
import { sarifFiles } from './render/sarif.ts'

/** What one format produced: its files, or why it could not be written. */
export interface Written {
  format: Format
  files: string[]
  error?: string
}

/**
 * Renders one format: its files by name, each as pieces of text. Pure: the renderers never touch
 * the disk, and the big formats are generators, so nothing holds a whole file in memory.
 */
export function renderFiles(
  report: Report,
  format: Format,
  options: MarkdownOptions = {},
): Record<string, Iterable<string>> {
  switch (format) {
    case 'markdown':
      return { 'summary.md': [renderMarkdown(report, options)] }
    case 'html':
      return { 'report.html': htmlChunks(report) }
    case 'json':
      return { 'report.json': jsonChunks(report) }
    case 'junit':
      return { 'junit.xml': junitChunks(report) }
    case 'sarif':
      return sarifFiles(report)
  }
}

/** Renders one format to whole strings keyed by file name (tests, small reports). */
export function renderFormat(report: Report, format: Format): Record<string, string> {
  const files = renderFiles(report, format)
  return Object.fromEntries(Object.entries(files).map(([name, chunks]) => [name, [...chunks].join('')]))
}

/**
 * Gathers the pieces into strings of about 8 Ki characters (small heap objects that die young) and
 * encodes those into one reused 256 KiB buffer, written each time it fills. Gathering them into
 * 64 Ki-character strings instead made each batch a large object (twice its length in bytes for
 * text with any non-Latin-1 character) plus its encoded copy: tens of megabytes in flight for the
 * big formats. The buffer is reused only after writeFileAtomic has awaited its write.
 */
export async function* encoded(chunks: Iterable<string>, size = 256 * 1024): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder()
  const buffer = new Uint8Array(size)
  let used = 0
  function* put(text: string): Generator<Uint8Array> {
    let rest = text
    for (;;) {
      const { read, written } = encoder.encodeInto(rest, buffer.subarray(used))
      used += written
      if (read === rest.length) return
      // Full (encodeInto never splits a character): write it, go on with the rest.
      yield buffer.subarray(0, used)
      used = 0
      rest = rest.slice(read)
    }
  }
  let pending = ''
  for (const chunk of chunks) {
    pending += chunk
    if (pending.length >= 8192) {
      yield* put(pending)
      pending = ''
    }
  }
  yield* put(pending)
  if (used > 0) yield buffer.subarray(0, used)
}

/**
 * Writes every asked-for format into `outDir`, each file atomically. A format that fails is
 * recorded, not thrown: the others are still written and the verdict stands.
 */
export async function writeReport(
  report: Report,
  outDir: string,
  formats: readonly Format[],
  options: MarkdownOptions = {},
): Promise<Written[]> {
  await ensureDir(outDir)
  const written: Written[] = []
  for (const format of formats) {
    try {
      const files: string[] = []
      for (const [name, chunks] of Object.entries(renderFiles(report, format, options))) {
        const file = path.join(outDir, name)
        await writeFileAtomic(file, encoded(chunks))
        files.push(file)
      }
      written.push({ format, files })
    } catch (err) {
      written.push({ format, files: [], error: (err as Error).message })
    }
  }
  return written
}
