import path from 'node:path'
import { ensureDir, type Report, writeFileAtomic } from '@postflight/core'
import type { Format } from './inputs.ts'
import { htmlChunks } from './render/html.ts'
import { jsonChunks } from './render/json.ts'
import { junitChunks } from './render/junit.ts'
import { type MarkdownOptions, renderMarkdown } from './render/markdown.ts'
import { renderSarif, sarifFileName } from './render/sarif.ts'

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
      return Object.fromEntries(renderSarif(report).map((log, i) => [sarifFileName(i), lazyJson(log)]))
  }
}

/** Renders one format to whole strings keyed by file name (tests, small reports). */
export function renderFormat(report: Report, format: Format): Record<string, string> {
  const files = renderFiles(report, format)
  return Object.fromEntries(Object.entries(files).map(([name, chunks]) => [name, [...chunks].join('')]))
}

function* lazyJson(value: unknown): Generator<string> {
  yield `${JSON.stringify(value, null, 2)}\n`
}

/** Gathers small pieces into writes of about 64 KiB: small enough to die young in the heap. */
async function* batched(chunks: Iterable<string>): AsyncGenerator<string> {
  let buffer = ''
  for (const chunk of chunks) {
    buffer += chunk
    if (buffer.length >= 1 << 16) {
      yield buffer
      buffer = ''
    }
  }
  if (buffer) yield buffer
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
        await writeFileAtomic(file, batched(chunks))
        files.push(file)
      }
      written.push({ format, files })
    } catch (err) {
      written.push({ format, files: [], error: (err as Error).message })
    }
  }
  return written
}
