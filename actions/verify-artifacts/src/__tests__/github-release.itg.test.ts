import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite, type RawInputs, type SuiteResult } from '@postflight/core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { type FakeAsset, type GithubFake, startGithubFake } from '../../../../test/github-fake/server.ts'
import { makeRealRelease, type RealRelease } from '../../../../test/helpers/real-release.ts'
import { verifySpec } from '../index.ts'

const TOKEN = 'ghs_fakeTokenForTheLoopbackApi0001'

let root: string
let real: RealRelease
let files: FakeAsset[]
let fake: GithubFake | undefined

async function verify(raw: RawInputs): Promise<{ result: SuiteResult; exitCode: number; log: string }> {
  let log = ''
  const execution = await executeSuite(verifySpec, {
    raw: { 'results-dir': path.join(root, 'results'), 'github-api-url': fake?.apiUrl, ...raw },
    style: 'cli',
    sink: (line) => {
      log += `${typeof line === 'string' ? line : JSON.stringify(line)}\n`
    },
  })
  return { result: execution.result, exitCode: execution.exitCode, log }
}

function check(result: SuiteResult, id: string): Check {
  const found = result.checks.find((c) => c.id === id)
  if (!found) throw new Error(`no check ${id} in ${result.checks.map((c) => c.id).join(', ')}`)
  return found
}

const failed = (result: SuiteResult): string[] =>
  result.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => c.id)

async function serve(options: Parameters<typeof startGithubFake>[0]): Promise<GithubFake> {
  fake = await startGithubFake(options)
  return fake
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-github-'))
  real = await makeRealRelease(path.join(root, 'real'))
  const names = (await readdir(real.dir)).sort()
  files = await Promise.all(
    names.map(async (name) => ({ name, data: await readFile(path.join(real.dir, name)) })),
  )
})
afterAll(() => rm(root, { recursive: true, force: true }))
beforeEach(() => {
  // The engine falls back to these; a token from the machine running the tests must not reach the fake.
  vi.stubEnv('GITHUB_TOKEN', '')
  vi.stubEnv('GH_TOKEN', '')
  vi.stubEnv('GITHUB_EVENT_NAME', '')
})
afterEach(async () => {
  vi.unstubAllEnvs()
  fake?.assertConforms()
  await fake?.close()
  fake = undefined
})

describe('verify-artifacts on a GitHub release', () => {
  describe('when the release is public and intact', () => {
    it('passes without a token, using the digests computed while downloading', async () => {
      const api = await serve({ releases: [{ tag: 'v1.2.3', assets: files }] })
      const { result, exitCode } = await verify({ repository: 'acme/app', tag: 'v1.2.3' })
      expect(failed(result)).toEqual([])
      expect([result.status, exitCode]).toEqual(['pass', 0])
      expect(result.release).toMatchObject({ repo: 'acme/app', tag: 'v1.2.3', version: '1.2.3' })
      for (const { name, data } of files) {
        expect(check(result, `download:${name}`)).toMatchObject({ status: 'pass', attempts: 1 })
        expect(check(result, `digest:${name}`)).toMatchObject({
          status: 'pass',
          evidence: { expected: sha256(data) },
        })
      }
      for (const a of real.assets) expect(check(result, `checksum:${a}`).status).toBe('pass')
      expect(check(result, 'release:state').status).toBe('pass')
      // Never read twice: nothing was hashed after the download.
      expect(result.metrics?.['hashed-bytes']).toBeUndefined()
      expect(result.metrics?.['downloaded-bytes']?.value).toBe(files.reduce((n, f) => n + f.data.length, 0))
      expect(api.requests.filter((r) => r.headers.authorization !== undefined)).toEqual([])
      expect(api.requests.filter((r) => r.host === 'storage')).toHaveLength(files.length)
      // Without a token, the public links: the API's 60 requests an hour would not cover a big release.
      expect(api.requests.filter((r) => r.path.includes('/releases/download/'))).toHaveLength(files.length)
      expect(api.requests.filter((r) => r.path.includes('/releases/assets/'))).toEqual([])
    })
  })

  describe('when a byte is corrupted in storage', () => {
    it('fails the API digest and the manifest checksum, and makes every other check', async () => {
      const api = await serve({ releases: [{ tag: 'v1.2.3', assets: files }] })
      const victim = real.assets[0] as string
      api.corrupt(victim, 100)
      const { result, exitCode } = await verify({ repository: 'acme/app', tag: 'v1.2.3' })
      expect(failed(result).sort()).toEqual(
        [`archive:${victim}`, `checksum:${victim}`, `digest:${victim}`].sort(),
      )
      expect([result.status, result.partial, exitCode]).toEqual(['fail', false, 1])
      expect(check(result, `download:${victim}`).status).toBe('pass')
    })
  })

  describe('when the API and storage fail transiently', () => {
    it('retries 502s and a rate limit and records the attempts', async () => {
      const api = await serve({ token: TOKEN, releases: [{ tag: 'v1.2.3', assets: files }] })
      const victim = real.assets[1] as string
      api.faults.push(
        { host: 'api', path: /\/releases\/tags\//, times: 1, status: 403, headers: rateLimited() },
        { host: 'api', path: /\/releases\/assets\/\d+$/, times: 1, status: 502 },
        { host: 'storage', path: new RegExp(`/${victim.replaceAll('.', '\\.')}$`), times: 1, drop: true },
      )
      const { result } = await verify({ repository: 'acme/app', tag: 'v1.2.3', token: TOKEN })
      expect(failed(result)).toEqual([])
      expect(api.faults.every((f) => f.times === 0)).toBe(true)
      const retried = result.checks.filter((c) => c.id.startsWith('download:') && (c.attempts ?? 1) > 1)
      expect(retried.length).toBeGreaterThanOrEqual(1)
      expect(retried.every((c) => c.flaky === true)).toBe(true)
      expect(check(result, `download:${victim}`).attempts).toBe(2)
      expect(check(result, `download:${victim}`).evidence?.resumes).toBe(1)
    })

    it('records a download that keeps failing as a failed check, not a crash', async () => {
      const api = await serve({ releases: [{ tag: 'v1.2.3', assets: files }] })
      const victim = real.assets[2] as string
      api.faults.push({
        host: 'storage',
        path: new RegExp(`/${victim.replaceAll('.', '\\.')}$`),
        times: 99,
        status: 503,
      })
      const { result, exitCode } = await verify({ repository: 'acme/app', tag: 'v1.2.3' })
      expect(check(result, `download:${victim}`)).toMatchObject({ status: 'fail', attempts: 5 })
      expect(check(result, `checksum:${victim}`).status).toBe('fail')
      expect(check(result, `checksum:${real.assets[0]}`).status).toBe('pass')
      expect([result.status, result.partial, exitCode]).toEqual(['fail', false, 1])
    }, 30_000)
  })

  describe('when the API names an asset to climb out of the download folder', () => {
    it('downloads nothing outside it and fails that asset', async () => {
      const victim = real.assets[1] as string
      const hostile = files.map((f) => (f.name === victim ? { ...f, name: `../../${victim}` } : f))
      await serve({ releases: [{ tag: 'v1.2.3', assets: hostile }] })
      const dir = path.join(root, 'escape', 'a', 'b')
      const { result, exitCode } = await verify({
        repository: 'acme/app',
        tag: 'v1.2.3',
        'download-dir': dir,
      })
      const download = check(result, `download:../../${victim}`)
      expect(download.status).toBe('fail')
      expect(download.message).toContain('not a plain file name')
      await expect(readFile(path.join(root, 'escape', victim))).rejects.toThrow(/ENOENT/)
      expect(exitCode).toBe(1)
    })
  })

  describe('when the release has more assets than a page holds', () => {
    it('lists every page, 100 at a time', async () => {
      const many = Array.from({ length: 130 }, (_, i) => ({
        name: `part-${i}.bin`,
        data: Buffer.from(`part ${i}\n`),
      }))
      const sums = many.map((f) => `${sha256(f.data)}  ${f.name}\n`).join('')
      const api = await serve({
        releases: [{ tag: 'v1.2.3', assets: [...many, { name: 'SHA256SUMS', data: Buffer.from(sums) }] }],
      })
      const { result } = await verify({ repository: 'acme/app', tag: 'v1.2.3', concurrency: '8' })
      expect(failed(result)).toEqual([])
      expect(result.checks.filter((c) => c.id.startsWith('download:'))).toHaveLength(131)
      const lists = api.requests.filter((r) => r.path.includes('/assets?'))
      expect(lists.map((r) => new URL(r.path, api.apiUrl).searchParams.get('page') ?? '1')).toEqual([
        '1',
        '2',
      ])
      expect(lists.every((r) => r.path.includes('per_page=100'))).toBe(true)
    })
  })

  describe('when the tag is latest', () => {
    it('verifies the newest published release that is not a prerelease', async () => {
      const older = files.map((f) => ({ ...f, name: f.name.replaceAll('1.2.3', '1.2.2') }))
      await serve({
        releases: [
          { tag: 'v1.2.2', assets: older },
          { tag: 'v1.2.3', assets: files },
          { tag: 'v1.3.0-rc.1', prerelease: true, assets: [] },
        ],
      })
      const { result } = await verify({ repository: 'acme/app', tag: 'latest' })
      expect(result.release).toMatchObject({ tag: 'v1.2.3', version: '1.2.3' })
      expect(failed(result)).toEqual([])
    })
  })

  describe('when a token is given', () => {
    it('finds a draft by its tag, sends the token to the API only, and never logs it', async () => {
      const api = await serve({ token: TOKEN, releases: [{ tag: 'v1.2.3', draft: true, assets: files }] })
      const { result, log } = await verify({ repository: 'acme/app', tag: 'v1.2.3', token: TOKEN })
      expect(failed(result)).toEqual([])
      expect(check(result, 'release:state')).toMatchObject({ status: 'warn', evidence: { state: 'draft' } })
      expect(log).not.toContain(TOKEN)
      const toApi = api.requests.filter((r) => r.host === 'api')
      expect(toApi.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true)
      expect(api.requests.filter((r) => r.host === 'storage')).toHaveLength(files.length)
    })

    it('does not see a draft without a token', async () => {
      await serve({ token: TOKEN, releases: [{ tag: 'v1.2.3', draft: true, assets: files }] })
      const { result, exitCode } = await verify({ repository: 'acme/app', tag: 'v1.2.3' })
      expect(exitCode).toBe(2)
      expect(check(result, 'engine').message).toMatch(
        /acme\/app has no release tagged 'v1.2.3'.*needs a token/,
      )
    })

    it('verifies a draft named by the release event, warning that it is a draft', async () => {
      const api = await serve({ token: TOKEN, releases: [{ tag: 'v1.2.3', draft: true, assets: files }] })
      const event = path.join(root, 'event.json')
      await writeFile(
        event,
        JSON.stringify({ action: 'created', release: { id: 1000 }, repository: { full_name: 'acme/app' } }),
      )
      vi.stubEnv('GITHUB_EVENT_NAME', 'release')
      vi.stubEnv('GITHUB_EVENT_PATH', event)
      vi.stubEnv('GITHUB_TOKEN', TOKEN)
      const { result } = await verify({})
      expect(failed(result)).toEqual([])
      expect(check(result, 'release:state')).toMatchObject({ status: 'warn', evidence: { state: 'draft' } })
      expect(result.release).toMatchObject({ repo: 'acme/app', tag: 'v1.2.3' })
      expect(api.requests.filter((r) => r.host === 'storage' && r.headers.authorization)).toEqual([])
    })
  })

  describe('when assets are unfinished, undigested or filtered', () => {
    it('fails an open upload, skips a null digest and skips excluded entries', async () => {
      const [zip, xz] = [
        real.assets.find((a) => a.endsWith('.zip')),
        real.assets.find((a) => a.endsWith('.xz')),
      ]
      await serve({
        releases: [
          {
            tag: 'v1.2.3',
            assets: files.map((f) =>
              f.name === xz
                ? { ...f, state: 'open' as const }
                : f.name === 'SHA256SUMS'
                  ? { ...f, digest: null }
                  : f,
            ),
          },
        ],
      })
      const { result } = await verify({ repository: 'acme/app', tag: 'v1.2.3', exclude: '*.zip' })
      expect(check(result, `upload:${xz}`).status).toBe('fail')
      expect(check(result, 'digest:SHA256SUMS').status).toBe('skip')
      expect(check(result, `checksum:${zip}`).status).toBe('skip')
      expect(result.checks.some((c) => c.id === `download:${zip}`)).toBe(false)
      expect(failed(result).sort()).toEqual([`checksum:${xz}`, `upload:${xz}`].sort())
    })
  })

  it('asks for a source when neither directory nor tag is given', async () => {
    vi.stubEnv('GITHUB_REPOSITORY', 'acme/app')
    const { result, exitCode } = await verify({})
    expect(exitCode).toBe(2)
    expect(check(result, 'inputs').message).toMatch(/nothing to verify/)
  })
})

function rateLimited(): Record<string, string> {
  return {
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)),
    'retry-after': '0',
  }
}
