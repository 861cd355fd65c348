// Every real asset list in ../shared/fixtures/asset-names, for every platform its .expected.json names.
// SOURCES.md says those picks follow "gnu when both gnu and musl exist"; the default is
// musl. So the table runs twice: with prefer: gnu every pick must be the fixture's, and with the
// default every pick must be the fixture's except that a musl twin of an expected gnu build wins.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'
import { selectAsset } from '../select-asset.ts'

const DIR = path.join(FIXTURES, 'asset-names')

interface AssetList {
  project: string
  tag: string
  assets: string[]
}

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.expected.json'))
  .sort()
  .flatMap((file) => {
    const list = JSON.parse(
      readFileSync(path.join(DIR, file.replace('.expected.json', '.json')), 'utf8'),
    ) as AssetList
    const expected = JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Record<string, string>
    return Object.entries(expected).map(([platform, pick]) => ({
      list: file.replace('.expected.json', ''),
      platform,
      pick,
      assets: list.assets,
    }))
  })

describe('the fixture lists', () => {
  test('are all read (15 lists × 5 platforms)', () => {
    expect(cases).toHaveLength(75)
  })

  test.each(cases)('$list on $platform, with the fixtures’ rule (prefer: gnu), picks $pick', (c) => {
    const selection = selectAsset(c.assets, { platform: c.platform, prefer: 'gnu' })
    expect(selection.message).toBe(`${c.pick} for ${c.platform}`)
    expect(selection.chosen).toBe(c.pick)
  })

  test.each(cases)('$list on $platform, by default, picks $pick or its musl twin', (c) => {
    const twin = c.pick.replace(/-linux-gnu\b/, '-linux-musl')
    const want = c.platform.startsWith('linux') && c.assets.includes(twin) ? twin : c.pick
    const selection = selectAsset(c.assets, { platform: c.platform })
    expect(selection.chosen).toBe(want)
    expect(selection.outcome).toBe('chosen')
  })

  test('the two lists with gnu and musl side by side differ only there', () => {
    const differ = cases.filter((c) => selectAsset(c.assets, { platform: c.platform }).chosen !== c.pick)
    expect(differ.map((c) => `${c.list} ${c.platform}`)).toEqual(['typos linux-x64', 'zola linux-x64'])
  })
})
