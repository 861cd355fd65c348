import { createReadStream, existsSync } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { goInventory } from '../go.ts'
import { GoBuildInfoScanner, parseGoBuildInfo } from '../go-buildinfo.ts'

function varint(n: number): Buffer {
  const out: number[] = []
  let v = n
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  out.push(v)
  return Buffer.from(out)
}

/** A Go 1.18+ build info blob: 32-byte header (flags bit 2: inline strings), then version and module info. */
function buildInfo(goVersion: string, modLines: string[]): Buffer {
  const header = Buffer.alloc(32)
  Buffer.from('\xff Go buildinf:', 'latin1').copy(header)
  header[14] = 8
  header[15] = 0x2
  const sentinel = Buffer.alloc(16, 0x30)
  const mod = Buffer.concat([sentinel, Buffer.from(`${modLines.join('\n')}\n`), sentinel])
  const version = Buffer.from(goVersion)
  return Buffer.concat([header, varint(version.length), version, varint(mod.length), mod])
}

const INFO = buildInfo('go1.21.5', [
  'path\texample.com/app/cmd/app',
  'mod\texample.com/app\tv1.4.0\th1:abc=',
  'dep\tgolang.org/x/net\tv0.17.0\th1:def=',
  'dep\tgithub.com/old/lib\tv1.0.0',
  '=>\tgithub.com/fork/lib\tv1.0.1\th1:ghi=',
  'build\tGOOS=linux',
])

describe('Go build info', () => {
  it('reads the Go version, main module and deps, a replaced dep as its replacement', () => {
    expect(parseGoBuildInfo(INFO)).toEqual({
      goVersion: 'go1.21.5',
      path: 'example.com/app/cmd/app',
      main: { path: 'example.com/app', version: 'v1.4.0' },
      deps: [
        { path: 'golang.org/x/net', version: 'v0.17.0' },
        { path: 'github.com/fork/lib', version: 'v1.0.1' },
      ],
    })
  })

  it('finds the header in a stream even when it is split across chunks', async () => {
    const binary = Buffer.concat([Buffer.alloc(100_003, 0x90), INFO, Buffer.alloc(5000, 0)])
    const cut = 100_003 + 5
    const scanner = new GoBuildInfoScanner()
    await pipeline(
      Readable.from([binary.subarray(0, cut), binary.subarray(cut, cut + 7), binary.subarray(cut + 7)]),
      scanner,
    )
    expect(scanner.result()?.main).toEqual({ path: 'example.com/app', version: 'v1.4.0' })
  })

  it('finds nothing in a file without the header, nor in the pre-1.18 pointer form', async () => {
    const scanner = new GoBuildInfoScanner()
    await pipeline(Readable.from([Buffer.alloc(300_000, 7)]), scanner)
    expect(scanner.result()).toBeUndefined()
    const old = Buffer.from(INFO)
    old[15] = 0
    expect(parseGoBuildInfo(old)).toBeUndefined()
  })

  it.runIf(existsSync('/usr/bin/skopeo'))('reads a real Go binary (skopeo) as it streams', async () => {
    const scanner = new GoBuildInfoScanner()
    await pipeline(createReadStream('/usr/bin/skopeo'), scanner)
    expect(scanner.result()).toMatchObject({
      goVersion: expect.stringMatching(/^go1\.\d+/),
      path: expect.stringContaining('skopeo'),
    })
  })

  it('lists stdlib at the toolchain version, the versioned main module and deps as Go packages', () => {
    const pkgs = goInventory(
      parseGoBuildInfo(INFO) as NonNullable<ReturnType<typeof parseGoBuildInfo>>,
      '/usr/bin/app',
      'l',
    )
    expect(pkgs.map((p) => p.purl)).toEqual([
      'pkg:golang/stdlib@v1.21.5',
      'pkg:golang/example.com/app@v1.4.0',
      'pkg:golang/golang.org/x/net@v0.17.0',
      'pkg:golang/github.com/fork/lib@v1.0.1',
    ])
    expect(pkgs.every((p) => p.ecosystem === 'Go')).toBe(true)
  })
})
