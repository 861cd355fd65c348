import { createHash } from 'node:crypto'
import { JsonFake } from './json-fake.ts'

export interface PypiFakeRelease {
  project: string
  version: string
  files: Array<{ filename: string; data: Buffer }>
  yanked?: string
}

const normalize = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-')

/**
 * PyPI's JSON API as documented (https://docs.pypi.org/api/json/): `GET /pypi/<project>/<version>/json`
 * with `info` and `urls[]` (filename, digests.sha256/md5/blake2b_256, packagetype, size, yanked);
 * a project name that is not the canonical one is redirected to it, as pypi.org does; 404 otherwise.
 */
export function pypiFake(releases: PypiFakeRelease[]): JsonFake {
  return new JsonFake((path) => {
    const match = /^\/pypi\/([^/]+)\/([^/]+)\/json\/?$/.exec(path)
    if (!match?.[1] || !match[2]) return { status: 404, body: { message: 'Not Found' } }
    const [, name, version] = match
    const release = releases.find((r) => normalize(r.project) === normalize(name) && r.version === version)
    if (!release) return { status: 404, body: { message: 'Not Found' } }
    if (name !== release.project) {
      return { status: 301, headers: { location: `/pypi/${release.project}/${version}/json` } }
    }
    const urls = release.files.map((f) => ({
      filename: f.filename,
      packagetype: f.filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
      size: f.data.length,
      digests: {
        sha256: createHash('sha256').update(f.data).digest('hex'),
        md5: createHash('md5').update(f.data).digest('hex'),
        blake2b_256: createHash('blake2b512').update(f.data).digest('hex').slice(0, 64),
      },
      url: `https://files.pythonhosted.org/packages/xx/${f.filename}`,
      yanked: release.yanked !== undefined,
      yanked_reason: release.yanked ?? null,
    }))
    return {
      status: 200,
      body: {
        info: {
          name: release.project,
          version,
          yanked: release.yanked !== undefined,
          yanked_reason: release.yanked ?? null,
        },
        urls,
        vulnerabilities: [],
      },
    }
  })
}
