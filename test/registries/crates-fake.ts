import { createHash } from 'node:crypto'
import { JsonFake } from './json-fake.ts'

export interface CratesFakeVersion {
  crate: string
  version: string
  data: Buffer
  yanked?: boolean
}

/**
 * crates.io's API as it answers `GET /api/v1/crates/<crate>/<version>`: `{ version: { num,
 * checksum, yanked, dl_path, … } }`, or 404 with `errors[].detail`. Like crates.io (its crawler
 * policy), a request without a User-Agent is refused with 403.
 */
export function cratesFake(versions: CratesFakeVersion[]): JsonFake {
  return new JsonFake((path, req) => {
    if (!req.headers['user-agent']) {
      return {
        status: 403,
        body: { errors: [{ detail: 'We require that all requests include a `User-Agent` header.' }] },
      }
    }
    const match = /^\/api\/v1\/crates\/([^/]+)\/([^/]+)\/?$/.exec(path)
    const found = versions.find((v) => v.crate === match?.[1] && v.version === match[2])
    if (!match || !found) {
      const detail = `crate \`${match?.[1]}\` does not have a version \`${match?.[2]}\``
      return { status: 404, body: { errors: [{ detail }] } }
    }
    return {
      status: 200,
      body: {
        version: {
          id: 1,
          crate: found.crate,
          num: found.version,
          dl_path: `/api/v1/crates/${found.crate}/${found.version}/download`,
          checksum: createHash('sha256').update(found.data).digest('hex'),
          yanked: found.yanked ?? false,
          crate_size: found.data.length,
          created_at: '2026-11-26T12:00:00.000000Z',
          license: 'MIT',
        },
      },
    }
  })
}
