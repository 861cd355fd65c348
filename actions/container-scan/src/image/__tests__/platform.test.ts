import { describe, expect, it } from 'vitest'
import { formatImagePlatform, parseImagePlatform, platformMatches } from '../platform.ts'

describe('image platforms', () => {
  it.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v7' }],
    [' windows/amd64 ', { os: 'windows', architecture: 'amd64' }],
  ])('parses %s', (text, spec) => {
    expect(parseImagePlatform(text)).toEqual(spec)
    expect(formatImagePlatform(spec)).toBe(text.trim())
  })

  it.each(['linux', 'linux/', 'linux/arm/v7/x', 'linux/arm/'])('refuses %j naming the input', (text) => {
    expect(() => parseImagePlatform(text)).toThrow(/input 'platforms'.*os\/arch\[\/variant\]/)
  })

  it.each([
    ['linux/arm64', 'linux/arm64/v8', true],
    ['linux/arm64/v8', 'linux/arm64', true],
    ['linux/arm', 'linux/arm/v7', true],
    ['linux/arm/v6', 'linux/arm/v7', false],
    ['linux/amd64', 'linux/arm64', false],
    ['linux/amd64', 'windows/amd64', false],
  ])('%s wanted, %s present: %s', (want, have, match) => {
    expect(platformMatches(parseImagePlatform(want), parseImagePlatform(have))).toBe(match)
  })
})
