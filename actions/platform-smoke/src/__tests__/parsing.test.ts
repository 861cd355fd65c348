import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseInputs, versionFromTag } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import { binaryNameFromAsset } from '../binary-name.ts'
import { shellFor } from '../command-check.ts'
import { SmokeInputs } from '../inputs.ts'
import { outputHasVersion } from '../release-version.ts'
import { splitCommand } from '../split-command.ts'

describe('#binaryNameFromAsset', () => {
  it.each([
    ['ripgrep-14.1.0-x86_64-unknown-linux-musl.tar.gz', 'ripgrep'],
    ['gh_2.62.0_linux_amd64.tar.gz', 'gh'],
    ['my_tool_Linux_x86_64.tar.gz', 'my_tool'],
    ['cosign-linux-amd64', 'cosign'],
    ['app-v1.2.3-win32-x64.zip', 'app'],
    ['node-v22.0.0-darwin-arm64.tar.xz', 'node'],
    ['git-cliff-2.6.1-aarch64-apple-darwin.tar.gz', 'git-cliff'],
    ['tool.exe', 'tool'],
  ])('%s → %s', (asset, name) => {
    expect(binaryNameFromAsset(asset)).toBe(name)
  })
})

describe('#outputHasVersion', () => {
  it.each([
    ['app 1.2.3', '1.2.3', true],
    ['app v1.2.3 (abc)', '1.2.3', true],
    ['app 1.2.3', 'v1.2.3', true],
    ['app 1.2.3+build.5', '1.2.3', true],
    ['app 1.2.3-rc.1', '1.2.3-rc.1', true],
    ['app 1.2.3-rc.1', '1.2.3', false],
    ['app 1.2.3', '1.2.3-rc.1', false],
    ['app 11.2.3', '1.2.3', false],
    ['app 1.2.3.4', '1.2.3', false],
    ['app 1.2.4', '1.2.3', false],
    ['app 2024.05', '2024.05', true],
    ['app 2024.050', '2024.05', false],
    ['app version 1.2.3\r\n', '1.2.3', true],
  ])('%j reports %s: %s', (output, version, ok) => {
    expect(outputHasVersion(output, version).ok).toBe(ok)
  })

  it('lists what it found', () => {
    expect(outputHasVersion('app 1.2.4 (lib 0.9.1)', '1.2.3').found).toEqual(['1.2.4', '0.9.1'])
  })
})

describe('#versionFromTag', () => {
  it.each([
    ['v1.2.3', '1.2.3'],
    ['1.2.3', '1.2.3'],
    ['v2.0.0-rc.1', '2.0.0-rc.1'],
    ['v1.2.3+build', '1.2.3'],
    ['app-v1.2.3', '1.2.3'],
    ['app@1.2.3', '1.2.3'],
    ['nightly', undefined],
  ])('%s → %s', (tag, version) => {
    expect(versionFromTag(tag)).toBe(version)
  })
})

describe('#splitCommand', () => {
  it.each([
    ['{bin} --version', ['/o p/app', '--version']],
    ['{bin} version --short', ['/o p/app', 'version', '--short']],
    [`node "{bin}" 'a b' c\\ d`, ['node', '/o p/app', 'a b', 'c d']],
    ['{bin} "$HOME" `x`', ['/o p/app', '$HOME', '`x`']],
    ['{bin} --x={bin}', ['/o p/app', '--x=/o p/app']],
    ['{bin} ""', ['/o p/app', '']],
  ])('%s', (line, args) => {
    expect(splitCommand(line, '/o p/app', 'version-command')).toEqual(args)
  })

  it('names the input for an unclosed quote', () => {
    expect(() => splitCommand('{bin} "--version', 'x', 'version-command')).toThrow(
      `input 'version-command': unclosed "`,
    )
  })
})

describe('the commands input', () => {
  const parse = (commands: string | string[]) => parseInputs(SmokeInputs, { directory: 'd', commands })

  it('reads a YAML list with defaults filled in', () => {
    const { commands } = parse(
      '- run: app --help\n  expect-output: ^Usage\n- name: two\n  run: app x\n  timeout: 5s\n',
    )
    expect(commands).toEqual([
      { run: 'app --help', 'expect-exit': 0, 'expect-output': '^Usage' },
      { name: 'two', run: 'app x', 'expect-exit': 0, timeout: 5000 },
    ])
  })

  it('reads a bare command line, and one per repeated flag', () => {
    expect(parse(['app --help', '- run: app x\n  expect-exit: 2']).commands).toEqual([
      { run: 'app --help', 'expect-exit': 0 },
      { run: 'app x', 'expect-exit': 2 },
    ])
  })

  it.each([
    ['- run: [unclosed', 'not valid YAML'],
    ['- run: x\n  retry: 3', "unknown key 'retry'"],
    ['- run: x\n  expect-output: "("', 'regular expression'],
    ['- run: x\n  timeout: soon', 'a duration'],
    ['- {run: x, name: a}\n- {run: y, name: a}', 'duplicate name a'],
    ['- {run: x, name: "2"}', 'not only digits'],
  ])('rejects %j naming the input', (text, why) => {
    expect(() => parse(text)).toThrow(new RegExp(`input 'commands'.*${why.replace(/[()]/g, '\\$&')}`))
  })
})

describe('the inputs', () => {
  it('fills the defaults and reads the timeout as a duration', () => {
    const options = parseInputs(SmokeInputs, { directory: 'd', timeout: '1m30s' })
    expect(options).toMatchObject({ timeout: 90_000, retries: 2, 'startup-runs': 5, 'fail-on': 'fail' })
  })

  it('refuses a timeout of 0, which would bound nothing, naming the input', () => {
    expect(() => parseInputs(SmokeInputs, { directory: 'd', timeout: '0s' })).toThrow(/timeout.*at least 1ms/)
  })
})

describe('#shellFor', () => {
  it('hands the run line to sh -c as written on POSIX', async () => {
    expect(await shellFor('linux', 'app greet "$POSTFLIGHT_VERSION"', '/unused')).toEqual([
      'sh',
      ['-ec', 'app greet "$POSTFLIGHT_VERSION"'],
    ])
  })

  it('writes it to a .cmd file for cmd /d /c on Windows, quotes intact', async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'pf-shell-'))
    try {
      const [shell, args] = await shellFor('win32', 'app greet "a b"\nexit /b 3', scratch)
      expect(shell).toBe('cmd.exe')
      expect(args.slice(0, 2)).toEqual(['/d', '/c'])
      expect(await readFile(args[2] as string, 'utf8')).toBe('@echo off\r\napp greet "a b"\r\nexit /b 3\r\n')
    } finally {
      await rm(scratch, { recursive: true, force: true })
    }
  })
})
