import { booleanInput } from '@postflight/core'
import { describe, expect, it, test } from 'vitest'
import { z } from 'zod'
import { describeFlags, parseArgs } from '../flags.ts'

describe('#parseArgs', () => {
  test.each<[string[], Record<string, unknown>]>([
    [['verify', '--directory', 'dist'], { directory: 'dist' }],
    [['verify', '--directory=dist'], { directory: 'dist' }],
    [['verify', '--check-archives'], { 'check-archives': true }],
    [['verify', '--no-check-archives'], { 'check-archives': false }],
    [['verify', '--check-archives', 'false', '--tag', 'v1'], { 'check-archives': 'false', tag: 'v1' }],
    [['verify', '--expected-assets', 'a', '--expected-assets', 'b'], { 'expected-assets': ['a', 'b'] }],
    [
      ['verify', '--public-key', '-----BEGIN PGP PUBLIC KEY BLOCK-----\nx'],
      { 'public-key': '-----BEGIN PGP PUBLIC KEY BLOCK-----\nx' },
    ],
  ])('reads %j', (argv, inputs) => {
    const parsed = parseArgs(argv)
    expect(parsed.command).toBe('verify')
    expect(parsed.inputs).toEqual(inputs)
    expect(parsed.errors).toEqual([])
  })

  it('separates the CLI flags from the suite inputs', () => {
    const parsed = parseArgs(['verify', '--json', '--verbose', '--log-format', 'json', '--tag', 'v1'])
    expect(parsed.global).toMatchObject({ json: true, verbose: true, logFormat: 'json' })
    expect(parsed.inputs).toEqual({ tag: 'v1' })
  })

  it('reads --version after a command as the version input, before one as the CLI flag', () => {
    expect(parseArgs(['verify', '--version', '1.2.3']).inputs).toEqual({ version: '1.2.3' })
    expect(parseArgs(['--version']).global.version).toBe(true)
  })

  it('reports a stray positional argument', () => {
    expect(parseArgs(['verify', 'dist']).errors).toEqual([
      "unexpected argument 'dist' (every input is a --flag)",
    ])
  })
})

describe('#describeFlags', () => {
  it('lists every input with its description, default or requirement', () => {
    const schema = z.object({
      directory: z.string().describe('Folder'),
      'fail-on': z.enum(['fail', 'warn']).default('fail').describe('Threshold'),
      tag: z.string().optional().describe('Tag'),
    })
    const lines = describeFlags(schema)
    expect(lines[0]).toMatch(/--directory\s+Folder \(required\)/)
    expect(lines[1]).toMatch(/--fail-on\s+Threshold \(default: "fail"\)/)
    expect(lines[2]).toMatch(/--tag\s+Tag \(default: not set\)$/)
  })

  it('sees through preprocessing wrappers and leaves a default the description already names', () => {
    const schema = z.object({
      check: z
        .preprocess((v) => (v === undefined ? v : [v].flat()), z.array(z.string()).optional())
        .describe('URL'),
      'check-archives': booleanInput.default(true).describe('Read archives'),
      platform: z.string().optional().describe('Platform (default: this runner)'),
    })
    expect(describeFlags(schema)).toEqual([
      expect.stringMatching(/--check\s+URL \(default: not set\)$/),
      expect.stringMatching(/--check-archives\s+Read archives \(default: true\)$/),
      expect.stringMatching(/--platform\s+Platform \(default: this runner\)$/),
    ])
  })
})
