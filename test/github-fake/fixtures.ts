import { readFileSync } from 'node:fs'
import path from 'node:path'
import { FIXTURES } from '../helpers/paths.ts'

type JsonObject = Record<string, unknown>

interface Exchange {
  method: string
  path: string
  response: unknown
}

// Real api.github.com exchanges recorded by octokit/fixtures: the fake's JSON starts from their shape.
const exchanges = JSON.parse(
  readFileSync(
    path.join(FIXTURES, 'github-api/octokit-fixtures/release-assets.normalized-fixture.json'),
    'utf8',
  ),
) as Exchange[]

function recorded(method: string, suffix: string): JsonObject {
  const found = exchanges.find((e) => e.method === method && e.path.endsWith(suffix))
  if (!found) throw new Error(`octokit fixture has no ${method} …${suffix}`)
  const body = Array.isArray(found.response) ? found.response[0] : found.response
  return structuredClone(body) as JsonObject
}

const RELEASE = recorded('get', '/releases/tags/v1.0.0')
const ASSET = recorded('get', '/releases/1000/assets')

export interface AssetJsonInput {
  id: number
  name: string
  size: number
  /** `sha256:<hex>`, or null as for assets uploaded before GitHub computed digests. */
  digest: string | null
  state: 'uploaded' | 'open'
  contentType: string
}

export interface ReleaseJsonInput {
  id: number
  tag: string
  draft: boolean
  prerelease: boolean
  createdAt: string
  assets: AssetJsonInput[]
}

/** Rewrites the recorded api.github.com / github.com URLs to the fake's. */
function rebase(value: unknown, api: string, web: string): unknown {
  return JSON.parse(
    JSON.stringify(value)
      .replaceAll('https://api.github.com', api)
      .replaceAll('https://uploads.github.com', api)
      .replaceAll('https://github.com', web),
  )
}

/** A release-asset object shaped like the recorded one, plus the fields the API has gained since (`digest`). */
export function assetJson(repo: string, tag: string, input: AssetJsonInput, api: string): JsonObject {
  const base = rebase(ASSET, api, `${api}/web`) as JsonObject
  return {
    ...base,
    url: `${api}/repos/${repo}/releases/assets/${input.id}`,
    id: input.id,
    node_id: Buffer.from(`ReleaseAsset${input.id}`).toString('base64'),
    name: input.name,
    label: null,
    content_type: input.contentType,
    state: input.state,
    size: input.size,
    digest: input.digest,
    download_count: 0,
    browser_download_url: `${api}/web/${repo}/releases/download/${tag}/${encodeURIComponent(input.name)}`,
  }
}

/** A release object shaped like the recorded one, for `repo` on the fake at `api`. */
export function releaseJson(repo: string, input: ReleaseJsonInput, api: string): JsonObject {
  const base = rebase(RELEASE, api, `${api}/web`) as JsonObject
  const url = `${api}/repos/${repo}/releases/${input.id}`
  return {
    ...base,
    url,
    assets_url: `${url}/assets`,
    upload_url: `${api}/repos/${repo}/releases/${input.id}/assets{?name,label}`,
    html_url: `${api}/web/${repo}/releases/tag/${input.tag}`,
    id: input.id,
    node_id: Buffer.from(`Release${input.id}`).toString('base64'),
    tag_name: input.tag,
    name: input.tag,
    draft: input.draft,
    prerelease: input.prerelease,
    created_at: input.createdAt,
    published_at: input.draft ? null : input.createdAt,
    assets: input.assets.map((a) => assetJson(repo, input.tag, a, api)),
    tarball_url: `${api}/repos/${repo}/tarball/${input.tag}`,
    zipball_url: `${api}/repos/${repo}/zipball/${input.tag}`,
  }
}
