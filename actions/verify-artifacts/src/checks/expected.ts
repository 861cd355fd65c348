import path from 'node:path'
import type { SuiteBuilder } from '@postflight/core'
import type { ReleaseFile } from '../release-folder.ts'

/** Fills `{version}` and `{tag}` in an expected asset name. */
export function renderExpected(template: string, values: { version?: string; tag?: string }): string {
  return template.replace(/\{(version|tag)\}/g, (whole, key: 'version' | 'tag') => values[key] ?? whole)
}

/** Each expected name (or glob) must match at least one file of the release. */
export function checkExpected(
  suite: SuiteBuilder,
  expected: readonly string[],
  files: readonly ReleaseFile[],
  values: { version?: string; tag?: string },
): void {
  for (const template of expected) {
    const name = renderExpected(template, values)
    const id = `expected:${name}`
    // Two templates that render to the same name ask the same question once.
    if (suite.has(id)) continue
    if (/\{(version|tag)\}/.test(name)) {
      suite.add({
        id,
        title: `${name} is present`,
        status: 'error',
        message: `expected-assets entry '${template}' uses a placeholder but no tag or version was given`,
      })
      continue
    }
    const isGlob = /[*?[{]/.test(name)
    const matches = files.filter((f) => (isGlob ? path.matchesGlob(f.name, name) : f.name === name))
    suite.add({
      id,
      title: `${name} is present`,
      status: matches.length > 0 ? 'pass' : 'fail',
      message:
        matches.length > 0
          ? `found ${matches.map((m) => m.name).join(', ')}`
          : `expected asset ${name} is missing from the release`,
      evidence: { template, matches: matches.map((m) => m.name) },
    })
  }
}
