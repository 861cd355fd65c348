import { readFile } from 'node:fs/promises'
import { type EngineContext, PostflightError } from '@postflight/core'
import type { ParsedReport } from '../vuln/index.ts'
import { parseGrypeReport, parseTrivyReport, runScanner } from '../vuln/index.ts'
import type { ScannerCredentials } from '../vuln/scanner.ts'

export type ReportTool = 'trivy' | 'grype'

/** Reads and parses a trivy or grype JSON report given as an input; a bad file is BAD_INPUT naming it. */
export async function readReport(tool: ReportTool, file: string, field: string): Promise<ParsedReport> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new PostflightError('BAD_INPUT', `input '${field}': ${file} is not a readable JSON file`, {
      field,
      cause: err,
    })
  }
  return tool === 'trivy' ? parseTrivyReport(json, file) : parseGrypeReport(json, file)
}

/** Runs the scanner on the image or archive (installing it on GitHub's runners) and parses its report. */
export async function runReport(
  tool: ReportTool,
  target: { image?: string; archive?: string },
  ctx: EngineContext,
  credentials?: ScannerCredentials,
): Promise<ParsedReport> {
  const file = await runScanner(tool, target, {
    ...(credentials ? { credentials } : {}),
    signal: ctx.signal,
    workDir: ctx.workDir,
    install: process.env.GITHUB_ACTIONS === 'true',
  })
  return readReport(tool, file, 'scanner')
}
