import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkRegistries } from '../../actions/verify-artifacts/src/registries/index.ts'
import type { JsonFake } from './json-fake.ts'
import { pypiFake } from './pypi-fake.ts'
import { ReleaseDir } from './release-dir.ts'
import { byId, ctx, DOWN, FAST_RETRY, newSuite, statuses } from './suite.ts'

const WHEEL = 'demo_pkg-1.0.0-py3-none-any.whl'
const SDIST = 'demo_pkg-1.0.0.tar.gz'
const bytes = (s: string): Buffer => Buffer.from(s)

describe('PyPI cross-check against a loopback JSON API', () => {
  const pypi: JsonFake = pypiFake([
    {
      project: 'demo-pkg',
      version: '1.0.0',
      files: [
        { filename: WHEEL, data: bytes('wheel') },
        { filename: SDIST, data: bytes('sdist') },
      ],
    },
    {
      project: 'demo-pkg',
      version: '1.1.0',
      files: [
        { filename: 'demo_pkg-1.1.0-py3-none-any.whl', data: bytes('wheel 1.1') },
        { filename: 'demo_pkg-1.1.0-cp312-cp312-manylinux_2_17_x86_64.whl', data: bytes('native') },
      ],
    },
    {
      project: 'demo-pkg',
      version: '0.9.0',
      files: [{ filename: 'demo_pkg-0.9.0.tar.gz', data: bytes('old') }],
      yanked: 'broken',
    },
    { project: 'demo-pkg', version: '0.1.0', files: [] },
  ])
  const release = new ReleaseDir()

  beforeAll(async () => {
    await pypi.start()
    await release.create({
      [WHEEL]: bytes('wheel'),
      [SDIST]: bytes('sdist'),
      'demo_pkg-1.1.0-py3-none-any.whl': bytes('wheel 1.1 rebuilt'),
      'demo_pkg-1.1.0-py3-none-win_amd64.whl': bytes('windows'),
      'app-linux-x64.tar.gz': bytes('not python'),
    })
  })
  afterAll(async () => {
    await pypi.stop()
    await release.remove()
  })

  const check = async (project: string, version: string, index = pypi.url) => {
    const suite = newSuite()
    await checkRegistries(
      suite,
      release.files,
      release.table,
      { pypi: { index, package: project, version }, retry: FAST_RETRY },
      ctx,
    )
    return suite.checks
  }

  describe('when PyPI serves the release files', () => {
    it('passes the version and each file, ignoring files that are not distributions of it', async () => {
      expect(statuses(await check('demo-pkg', '1.0.0'))).toEqual({
        'registry:pypi:demo-pkg@1.0.0': 'pass',
        [`registry:pypi:${SDIST}`]: 'pass',
        [`registry:pypi:${WHEEL}`]: 'pass',
      })
    })

    it('follows PyPI to the canonical project name', async () => {
      const checks = await check('Demo_Pkg', '1.0.0')
      expect(byId(checks, 'registry:pypi:Demo_Pkg@1.0.0').status).toBe('pass')
      expect(pypi.requests.at(-1)?.path).toBe('/pypi/demo-pkg/1.0.0/json')
    })
  })

  describe('when the files differ', () => {
    it('fails a file with another sha256 and warns about files only one side has', async () => {
      const checks = await check('demo-pkg', '1.1.0')
      expect(statuses(checks)).toEqual({
        'registry:pypi:demo-pkg@1.1.0': 'pass',
        'registry:pypi:demo_pkg-1.1.0-cp312-cp312-manylinux_2_17_x86_64.whl': 'warn',
        'registry:pypi:demo_pkg-1.1.0-py3-none-any.whl': 'fail',
        'registry:pypi:demo_pkg-1.1.0-py3-none-win_amd64.whl': 'warn',
      })
      expect(byId(checks, 'registry:pypi:demo_pkg-1.1.0-py3-none-any.whl').message).toMatch(
        /^sha256 mismatch: PyPI serves [0-9a-f]{64}, the release has [0-9a-f]{64}$/,
      )
      expect(byId(checks, 'registry:pypi:demo_pkg-1.1.0-py3-none-win_amd64.whl').message).toBe(
        'demo_pkg-1.1.0-py3-none-win_amd64.whl is attached to the release but not on PyPI',
      )
    })
  })

  describe('when the version is missing, empty or yanked', () => {
    it.each([
      ['2.0.0', 'fail', /has no demo-pkg 2\.0\.0/],
      ['0.1.0', 'fail', /with no files/],
      ['0.9.0', 'warn', /yanked on .*: broken/],
    ])('%s is %s', async (version, status, message) => {
      const checks = await check('demo-pkg', version)
      expect(checks[0]).toMatchObject({ id: `registry:pypi:demo-pkg@${version}`, status })
      expect(checks[0]?.message).toMatch(message)
    })
  })

  describe('when PyPI is flaky or down', () => {
    it('retries a 503 and records the attempts', async () => {
      pypi.failNext(503)
      const checks = await check('demo-pkg', '1.0.0')
      expect(checks[0]).toMatchObject({ status: 'pass', attempts: 2, flaky: true })
    })

    it('records an error, and no file checks', async () => {
      const checks = await check('demo-pkg', '1.0.0', DOWN)
      expect(statuses(checks)).toEqual({ 'registry:pypi:demo-pkg@1.0.0': 'error' })
    })
  })
})
