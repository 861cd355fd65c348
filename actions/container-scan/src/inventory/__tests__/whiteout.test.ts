import { describe, expect, it } from 'vitest'
import { applyWhiteouts, parseWhiteout, type Whiteout } from '../whiteout.ts'

describe('parseWhiteout', () => {
  it.each([
    ['etc/.wh.passwd', { kind: 'remove', path: 'etc/passwd' }],
    ['.wh.app', { kind: 'remove', path: 'app' }],
    ['usr/lib/node_modules/.wh..wh..opq', { kind: 'opaque', dir: 'usr/lib/node_modules' }],
    ['.wh..wh..opq', { kind: 'opaque', dir: '' }],
    ['etc/passwd', undefined],
    ['etc/.wh.', undefined],
    ['etc/x.wh.y', undefined],
  ])('%s', (p, expected) => {
    expect(parseWhiteout(p)).toEqual(expected)
  })
})

describe('applyWhiteouts', () => {
  const lower = () =>
    new Map(
      [
        'var/lib/dpkg/status',
        'app/node_modules/a/package.json',
        'app/node_modules/ab/package.json',
        'app/keep',
        'apps/x',
      ].map((p) => [p, 1]),
    )
  it.each<[string, Whiteout[], string[]]>([
    [
      'a file',
      [{ kind: 'remove', path: 'var/lib/dpkg/status' }],
      ['app/node_modules/a/package.json', 'app/node_modules/ab/package.json', 'app/keep', 'apps/x'],
    ],
    // Removing node_modules/a must not touch node_modules/ab (a prefix, not a parent).
    [
      'a folder and what is under it',
      [{ kind: 'remove', path: 'app/node_modules/a' }],
      ['var/lib/dpkg/status', 'app/node_modules/ab/package.json', 'app/keep', 'apps/x'],
    ],
    [
      'an opaque folder empties it, not its siblings',
      [{ kind: 'opaque', dir: 'app' }],
      ['var/lib/dpkg/status', 'apps/x'],
    ],
    [
      'nothing without whiteouts',
      [],
      [
        'var/lib/dpkg/status',
        'app/node_modules/a/package.json',
        'app/node_modules/ab/package.json',
        'app/keep',
        'apps/x',
      ],
    ],
  ])('removes %s', (_what, whiteouts, left) => {
    const map = lower()
    applyWhiteouts(map, whiteouts)
    expect([...map.keys()]).toEqual(left)
  })
})
