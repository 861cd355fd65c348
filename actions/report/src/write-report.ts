import path from 'node:path'
import { ensureDir, type Report, writeFileAtomic } from '@postflight/core'
import type { Format } from './inputs.ts'
import { renderHtml } from './render/html.ts'
import { renderJunit } from './render/junit.ts'
import { renderMarkdown } from './render/markdown.ts'
import { renderSarif, sarifFileName } from './render/sarif.ts'

/** What one format produced: its files, or why it could not be written. */
export interface Written {
  format: Format
  files: string[]
  error?: string
}

/** Renders one format to strings keyed by file name. Pure: the renderers never touch the disk. */
export function renderFormat(report: Report, format: Format): Record<string, string> {
  switch (format) {
    case 'markdown':
      return { 'summary.md': renderMarkdown(report) }
    case 'html':
      return { 'report.html': renderHtml(report) }
    case 'json':
      return { 'report.json': `${JSON.stringify(report, null, 2)}\n` }
    case 'junit':
      return { 'junit.xml': renderJunit(report) }
    case 'sarif':
      return Object.fromEntries(
        renderSarif(report).map((log, i) => [sarifFileName(i), `${JSON.stringify(log, null, 2)}\n`]),
      )
  }
}

/**
 * Writes every asked-for format into `outDir`, each file atomically. A format that fails is
 * recorded, not thrown: the others are still written and the verdict stands.
 */
export async function writeReport(
  report: Report,
  outDir: string,
  formats: readonly Format[],
): Promise<Written[]> {
  await ensureDir(outDir)
  const written: Written[] = []
  for (const format of formats) {
    try {
      const files: string[] = []
      for (const [name, text] of Object.entries(renderFormat(report, format))) {
        const file = path.join(outDir, name)
        await writeFileAtomic(file, text)
        files.push(file)
      }
      written.push({ format, files })
    } catch (err) {
      written.push({ format, files: [], error: (err as Error).message })
    }
  }
  return written
}
