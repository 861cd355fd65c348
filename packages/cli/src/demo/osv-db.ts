import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * A two-record OSV database (the osv.dev schema) for the demo's scan: a made-up, clearly labelled
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
  // The image's Debian packages must be covered too: a database with no Debian record leaves them
  // unchecked, which the gate reports as a warning. This one was fixed before the image's version.
  const fixedDebian = {
    schema_version: '1.6.0',
    id: 'DEMO-2026-0002',
    modified: '2026-01-01T00:00:00Z',
    published: '2026-01-01T00:00:00Z',
    summary: 'Demo advisory (not a real vulnerability) in the demo library, fixed in 1.0.0-1',
    affected: [
      {
        package: { ecosystem: 'Debian:12', name: 'demo' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0.0-1' }] }],
      },
    ],
    database_specific: { severity: 'LOW' },
  }
  for (const r of [record, fixedDebian]) {
    await writeFile(path.join(dir, `${r.id}.json`), `${JSON.stringify(r, null, 2)}\n`)
  }
  return dir
}
