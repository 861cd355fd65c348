// `postflight select-asset` as users run it: `node packages/cli/src/bin.ts select-asset …`.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest'
import { FIXTURES, NODE24, REPO } from '../../../../test/helpers/paths.ts'
import { readAssetNames } from '../select-asset.ts'

const BIN = path.join(REPO, 'packages/cli/src/bin.ts')
const NAMES = path.join(FIXTURES, 'asset-names')
let dir: string

function cli(args: string[], input?: string) {
  const r = spawnSync(NODE24, [BIN, 'select-asset', ...args], { encoding: 'utf8', input })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-select-'))
  await writeFile(
    path.join(dir, 'lines.txt'),
    '# goreleaser\r\ntool_linux_amd64.tar.gz\r\n\r\ntool_linux_arm64.tar.gz\r\ntool_windows_amd64.zip\r\nchecksums.txt\r\n',
  )
  await writeFile(path.join(dir, 'two.json'), JSON.stringify(['a-linux-x64.tar.gz', 'b-linux-x64.tar.gz']))
  await writeFile(path.join(dir, 'bad.json'), '[1, 2]')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('postflight select-asset', () => {
  describe('when one asset fits', () => {
    test.each<[string, string[], string]>([
      ['lines.txt', ['--platform', 'linux-arm64'], 'tool_linux_arm64.tar.gz'],
      ['lines.txt', ['--platform', 'win32-x64'], 'tool_windows_amd64.zip'],
      ['zola.json', ['--platform', 'linux-x64'], 'zola-v0.23.4-x86_64-unknown-linux-musl.tar.gz'],
      [
        'zola.json',
        ['--platform', 'linux-x64', '--prefer', 'gnu'],
        'zola-v0.23.4-x86_64-unknown-linux-gnu.tar.gz',
      ],
      [
        'grype-0.78.0.json',
        ['--platform', 'linux-x64', '--prefer', 'installer', '--prefer', 'rpm'],
        'grype_0.78.0_linux_amd64.rpm',
      ],
      [
        'grype-0.78.0.json',
        ['--platform', 'darwin-x64', '--asset', 'grype_{version}_{goos}_{goarch}.tar.gz', '--tag', 'v0.78.0'],
        'grype_0.78.0_darwin_amd64.tar.gz',
      ],
      ['two.json', ['--platform', 'linux-x64', '--asset', 'b-*'], 'b-linux-x64.tar.gz'],
    ])('%s %j prints %s and exits 0', (file, args, name) => {
      const where = file === 'lines.txt' || file === 'two.json' ? dir : NAMES
      const r = cli(['--assets', path.join(where, file), ...args])
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toBe(`${name}\n`)
      expect(r.stderr).toBe('')
    })

    it('reads the names from stdin with --assets -', () => {
      const r = cli(
        ['--assets', '-', '--platform', 'darwin-arm64'],
        'app-macos-arm64.tar.gz\napp-macos-x64.tar.gz\n',
      )
      expect(r.stdout).toBe('app-macos-arm64.tar.gz\n')
    })

    it('prints the whole selection with --json, and the reasons on stderr with --verbose', () => {
      const json = cli(['--assets', path.join(NAMES, 'typos.json'), '--platform', 'linux-arm64', '--json'])
      expect(json.code).toBe(0)
      expect(JSON.parse(json.stdout)).toMatchObject({
        outcome: 'chosen',
        chosen: 'typos-v1.49.0-aarch64-unknown-linux-musl.tar.gz',
        reasons: expect.arrayContaining([
          'built for arm64 (aarch64): a build for the exact arch is preferred over a universal one, and both over a name with no arch',
        ]),
      })
      const verbose = cli([
        '--assets',
        path.join(NAMES, 'typos.json'),
        '--platform',
        'linux-arm64',
        '--verbose',
      ])
      expect(verbose.stdout).toBe('typos-v1.49.0-aarch64-unknown-linux-musl.tar.gz\n')
      expect(verbose.stderr).toMatch(
        /rejected\s+typos-v1\.49\.0-x86_64-pc-windows-msvc\.zip\s+for win32 \(windows\), not linux/,
      )
    })
  })

  describe('when none fits or two fit equally', () => {
    it('exits 1 naming the reason and every candidate', () => {
      const r = cli(['--assets', path.join(NAMES, 'shfmt.json'), '--platform', 'win32-arm64'])
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).toContain(
        'postflight select-asset: no asset fits win32-arm64: 5 files considered, none built for it',
      )
      expect(r.stderr).toMatch(
        /rejected\s+shfmt_v3\.13\.1_windows_amd64\.exe\s+built for x64 \(amd64\), not arm64/,
      )
    })

    it('exits 1 on a tie, listing both', () => {
      const r = cli(['--assets', path.join(dir, 'two.json'), '--platform', 'linux-x64', '--json'])
      expect(r.code).toBe(1)
      expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'ambiguous', chosen: null })
      expect(r.stderr).toMatch(
        /2 assets fit linux-x64 equally well: a-linux-x64\.tar\.gz, b-linux-x64\.tar\.gz/,
      )
      expect(r.stderr).toMatch(/tied\s+a-linux-x64\.tar\.gz\s+as good as b-linux-x64\.tar\.gz on every rule/)
    })
  })

  describe('on bad usage', () => {
    test.each<[string[], string]>([
      [['--platform', 'macos-arm64', '--assets', 'ASSETS'], 'platform: expected <os>-<arch>'],
      [['--platform', 'linux-x64'], '--assets: '],
      [
        ['--assets', 'ASSETS', '--platfrom', 'linux-x64'],
        'unknown flag --platfrom (did you mean --platform?)',
      ],
      [
        ['--assets', 'ASSETS', '--platform', 'linux-x64', '--prefer', 'static'],
        'prefer: unknown word "static"',
      ],
      [['--assets', 'ASSETS', '--asset', 'tool-{version}.zip'], 'asset: the template uses {version}'],
      [['--assets', 'missing.txt'], 'assets: cannot read missing.txt'],
      [['--assets', 'BAD'], 'holds JSON but not a list of names'],
      [['--assets', 'ASSETS', 'stray'], "unexpected argument 'stray'"],
    ])('%j exits 2', (args, message) => {
      const r = cli(
        args.map((a) =>
          a === 'ASSETS' ? path.join(dir, 'lines.txt') : a === 'BAD' ? path.join(dir, 'bad.json') : a,
        ),
      )
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toContain(message)
    })

    it('lists its flags with --help and exits 0', () => {
      const r = cli(['--help'])
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/--prefer\s+Words that break ties/)
      expect(r.stdout).toContain('{version} {tag} {os} {arch} {goos} {goarch} {triple} {ext} {exe}')
    })
  })
})

describe('#readAssetNames', () => {
  test.each<[string, string[]]>([
    ['a.zip\nb.zip\n', ['a.zip', 'b.zip']],
    ['  # comment\r\na.zip  \r\n\r\n', ['a.zip']],
    ['["a.zip", "b.zip"]', ['a.zip', 'b.zip']],
    ['[{"name": "a.zip", "size": 1}]', ['a.zip']],
    ['{"tag_name": "v1", "assets": [{"name": "a.zip"}]}', ['a.zip']],
    ['{"project": "x", "assets": ["a.zip"]}', ['a.zip']],
  ])('reads %j', (text, names) => {
    expect(readAssetNames(text, 'f')).toEqual(names)
  })
})
