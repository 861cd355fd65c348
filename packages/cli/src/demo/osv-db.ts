import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * A one-record OSV database (the osv.dev schema) for the demo's scan: a made-up, clearly labelled
 * low-severity advisory on the npm package `ms` in the sample image, so the built-in matcher has
 * something real to find, and the gate (critical by default) shows a finding that does not block.
 */
export async function writeDemoOsvDb(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  const record = {
    schema_version: '1.6.0',
    id: 'DEMO-2026-0001',
    modified: '2026-01-01T00:00:00Z',
    published: '2026-01-01T00:00:00Z',
    summary: 'Demo advisory (not a real vulnerability): slow parsing of very long inputs in ms',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L' }],
    affected: [
      {
        package: { ecosystem: 'npm', name: 'ms', purl: 'pkg:npm/ms' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.1.4' }] }],
      },
    ],
    database_specific: { severity: 'LOW' },
  }
  const file = path.join(dir, `${record.id}.json`)
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`)
  return dir
}
