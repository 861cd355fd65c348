import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest'
import { parse } from 'yaml'
import { inputsFromEnv, loadConfigSection, mergeInputs, nearest } from '../config.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-config-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function config(text: string): Promise<string> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.yml`)
  await writeFile(file, text)
  return file
}

describe('#loadConfigSection', () => {
  it('merges the defaults section under the suite section', async () => {
    const file = await config(
      'defaults:\n  fail-on: warn\n  results-dir: out\nverify-artifacts:\n  results-dir: here\n  check-archives: false\n  expected-assets: [a, b]\n',
    )
    expect(await loadConfigSection(file, 'verify-artifacts')).toEqual({
      'fail-on': 'warn',
      'results-dir': 'here',
      'check-archives': false,
      'expected-assets': ['a', 'b'],
    })
  })

  it('skips defaults this suite lacks, but names an unknown key of its own section', async () => {
    const file = await config(
      'defaults:\n  token: abc\n  fail-on: warn\nverify-artifacts:\n  directry: dist\n',
    )
    await expect(loadConfigSection(file, 'verify-artifacts', ['directory', 'fail-on'])).rejects.toThrow(
      "unknown key 'verify-artifacts.directry' (did you mean 'directory'?)",
    )
    const ok = await config('defaults:\n  token: abc\n  fail-on: warn\n')
    expect(await loadConfigSection(ok, 'verify-artifacts', ['directory', 'fail-on'])).toEqual({
      'fail-on': 'warn',
    })
  })

  it('hands a list of mappings or a mapping to the input as the YAML text it parses', async () => {
    const file = await config(
      'platform-smoke:\n  commands:\n    - run: app --help\n      expect-exit: 0\n    - run: app check\n  prefer: [gnu, zip]\n' +
        'container-scan:\n  policy:\n    healthcheck: off\n    ports: { allowed: [8080] }\n',
    )
    const smoke = await loadConfigSection(file, 'platform-smoke')
    expect(smoke.prefer).toEqual(['gnu', 'zip'])
    expect(parse(String(smoke.commands))).toEqual([
      { run: 'app --help', 'expect-exit': 0 },
      { run: 'app check' },
    ])
    const scan = await loadConfigSection(file, 'container-scan')
    expect(parse(String(scan.policy))).toEqual({ healthcheck: 'off', ports: { allowed: [8080] } })
  })

  it('names an unknown section and suggests the nearest', async () => {
    const file = await config('verify-artifact:\n  tag: v1\n')
    await expect(loadConfigSection(file, 'verify-artifacts')).rejects.toThrow(
      "unknown section 'verify-artifact' (did you mean 'verify-artifacts'?)",
    )
  })

  it('names the file when the YAML is broken', async () => {
    const file = await config('verify-artifacts: [\n')
    await expect(loadConfigSection(file, 'verify-artifacts')).rejects.toThrow(`${file} is not valid YAML`)
  })

  it('names the file when it cannot be read', async () => {
    await expect(loadConfigSection(path.join(dir, 'nope.yml'), 'x')).rejects.toThrow(
      /cannot read config file .*nope\.yml/,
    )
  })
})

describe('#mergeInputs', () => {
  it('lets later layers win without empty values hiding earlier ones', () => {
    expect(mergeInputs({ a: '1', b: '1' }, { a: '2', b: '' }, { c: [] })).toEqual({ a: '2', b: '1' })
  })
})

describe('#inputsFromEnv', () => {
  it('reads POSTFLIGHT_<NAME> for each input', () => {
    expect(inputsFromEnv(['check-archives', 'tag'], { POSTFLIGHT_CHECK_ARCHIVES: 'false' })).toEqual({
      'check-archives': 'false',
    })
  })
})

describe('#nearest', () => {
  test.each([
    ['direcotry', ['directory', 'tag'], 'directory'],
    ['zzz', ['directory', 'tag'], undefined],
  ])('suggests %s → %s', (word, candidates, expected) => {
    expect(nearest(word, candidates)).toBe(expected)
  })
})
