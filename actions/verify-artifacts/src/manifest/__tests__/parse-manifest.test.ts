import { createHash } from 'node:crypto'
import { describe, expect, it, test } from 'vitest'
import { parseManifest } from '../parse-manifest.ts'
import type { ManifestEntry } from '../types.ts'

const hex = (algorithm: string, data: string): string => createHash(algorithm).update(data).digest('hex')
const S256 = hex('sha256', 'a')
const S512 = hex('sha512', 'a')
const S1 = hex('sha1', 'a')
const M5 = hex('md5', 'a')
const OTHER256 = hex('sha256', 'b')

type Expected = Partial<ManifestEntry> & Pick<ManifestEntry, 'name' | 'algorithm' | 'digest'>

describe('#parseManifest', () => {
  describe('when the manifest is well formed', () => {
    test.each<[string, string, string, Expected[]]>([
      [
        'GNU text mode',
        `${S256}  app.tar.gz\n`,
        'SHA256SUMS',
        [{ name: 'app.tar.gz', algorithm: 'sha256', digest: S256, line: 1, binaryMode: false }],
      ],
      [
        'GNU binary mode',
        `${S256} *app.tar.gz\n`,
        'SHA256SUMS',
        [{ name: 'app.tar.gz', algorithm: 'sha256', digest: S256, binaryMode: true }],
      ],
      [
        'single separator (md5 -r style)',
        `${S256} app.tar.gz`,
        'checksums.txt',
        [{ name: 'app.tar.gz', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'GNU escaped backslash and newline',
        `\\${S256}  dir\\\\name\\nnext.txt\n`,
        'SHA256SUMS',
        [{ name: 'dir\\name\nnext.txt', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'unescaped backslash (openssl -r)',
        `${S256} *back\\slash.txt`,
        'checksums.txt',
        [{ name: 'back\\slash.txt', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'name with spaces',
        `${S256}  my app 1.0.zip`,
        'SHA256SUMS',
        [{ name: 'my app 1.0.zip', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'BSD tag SHA256',
        `SHA256 (app.zip) = ${S256}`,
        'checksums.txt',
        [{ name: 'app.zip', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'BSD tag SHA512',
        `SHA512 (app.zip) = ${S512}`,
        'checksums.txt',
        [{ name: 'app.zip', algorithm: 'sha512', digest: S512 }],
      ],
      [
        'BSD tag SHA1',
        `SHA1 (app.zip) = ${S1}`,
        'checksums.txt',
        [{ name: 'app.zip', algorithm: 'sha1', digest: S1 }],
      ],
      [
        'BSD tag MD5',
        `MD5 (app.zip) = ${M5}`,
        'checksums.txt',
        [{ name: 'app.zip', algorithm: 'md5', digest: M5 }],
      ],
      [
        'BSD tag with escape',
        `\\SHA256 (a\\\\b.zip) = ${S256}`,
        'checksums.txt',
        [{ name: 'a\\b.zip', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'BSD tag, name with parentheses',
        `SHA256 (app (1).zip) = ${S256}`,
        'checksums.txt',
        [{ name: 'app (1).zip', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'OpenSSL 3 dgst',
        `SHA2-256(my app.zip)= ${S256}`,
        'checksums.txt',
        [{ name: 'my app.zip', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'OpenSSL 3 dgst SHA2-512',
        `SHA2-512(app.zip)= ${S512}`,
        'checksums.txt',
        [{ name: 'app.zip', algorithm: 'sha512', digest: S512 }],
      ],
      [
        'OpenSSL 1.1 dgst',
        `SHA256(app.zip)= ${S256}`,
        'checksums.txt',
        [{ name: 'app.zip', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'goreleaser checksums.txt',
        `${S256}  tool_1.0_linux_amd64.tar.gz\n${OTHER256}  tool_1.0_darwin_arm64.tar.gz\n`,
        'tool_1.0_checksums.txt',
        [
          { name: 'tool_1.0_linux_amd64.tar.gz', algorithm: 'sha256', digest: S256, line: 1 },
          { name: 'tool_1.0_darwin_arm64.tar.gz', algorithm: 'sha256', digest: OTHER256, line: 2 },
        ],
      ],
      [
        'per-asset .sha256 with a name',
        `${S256}  app.tar.gz\n`,
        'app.tar.gz.sha256',
        [{ name: 'app.tar.gz', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'per-asset .sha256 bare digest',
        `${S256}\n`,
        'dist/app.tar.gz.sha256',
        [{ name: 'app.tar.gz', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'per-asset digest of standard input',
        `${S256}  -\n`,
        'app.tar.gz.sha256',
        [{ name: 'app.tar.gz', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'per-asset .sha512 bare digest',
        S512,
        'app.zip.sha512',
        [{ name: 'app.zip', algorithm: 'sha512', digest: S512 }],
      ],
      [
        'per-asset .sha256sum',
        `${S256} *app`,
        'app.sha256sum',
        [{ name: 'app', algorithm: 'sha256', digest: S256, binaryMode: true }],
      ],
      [
        'CRLF line endings',
        `${S256}  a.zip\r\n${OTHER256}  b.zip\r\n`,
        'SHA256SUMS',
        [
          { name: 'a.zip', algorithm: 'sha256', digest: S256 },
          { name: 'b.zip', algorithm: 'sha256', digest: OTHER256 },
        ],
      ],
      [
        'upper-case hex',
        `${S256.toUpperCase()}  a.zip`,
        'SHA256SUMS',
        [{ name: 'a.zip', algorithm: 'sha256', digest: S256 }],
      ],
      [
        './ prefix',
        `${S256}  ./dist/a.zip`,
        'SHA256SUMS',
        [{ name: 'dist/a.zip', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'relative path kept',
        `${S256}  linux/amd64/a`,
        'SHA256SUMS',
        [{ name: 'linux/amd64/a', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'comments and blank lines',
        `# generated by hand\n\n   \n${S256}  a.zip\n  # indented comment\n`,
        'SHA256SUMS',
        [{ name: 'a.zip', algorithm: 'sha256', digest: S256, line: 4 }],
      ],
      [
        'byte-order mark',
        `\uFEFF${S256}  a.zip`,
        'SHA256SUMS',
        [{ name: 'a.zip', algorithm: 'sha256', digest: S256 }],
      ],
      [
        'algorithm from hex length',
        `${S512}  a.zip\n${M5}  b.zip`,
        'checksums.txt',
        [
          { name: 'a.zip', algorithm: 'sha512', digest: S512 },
          { name: 'b.zip', algorithm: 'md5', digest: M5 },
        ],
      ],
      [
        'algorithm from SHA512SUMS',
        `${S512}  a.zip`,
        'SHA512SUMS',
        [{ name: 'a.zip', algorithm: 'sha512', digest: S512 }],
      ],
      [
        'same file under two algorithms',
        `SHA256 (a.zip) = ${S256}\nSHA512 (a.zip) = ${S512}`,
        'checksums.txt',
        [
          { name: 'a.zip', algorithm: 'sha256', digest: S256 },
          { name: 'a.zip', algorithm: 'sha512', digest: S512 },
        ],
      ],
      [
        'identical duplicate kept once',
        `${S256}  a.zip\n${S256}  a.zip`,
        'SHA256SUMS',
        [{ name: 'a.zip', algorithm: 'sha256', digest: S256, line: 1 }],
      ],
    ])('reads %s', (_title, text, fileName, expected) => {
      const parsed = parseManifest(text, fileName)

      expect(parsed.problems).toEqual([])
      expect(parsed.file).toBe(fileName)
      expect(parsed.entries).toHaveLength(expected.length)
      expected.forEach((entry, index) => {
        expect(parsed.entries[index]).toMatchObject(entry)
      })
    })

    it('leaves binaryMode out when the line did not say', () => {
      const [entry] = parseManifest(`SHA256 (a.zip) = ${S256}`, 'checksums.txt').entries

      expect(entry).not.toHaveProperty('binaryMode')
    })
  })

  describe('when the manifest has problems', () => {
    test.each<[string, string, string, number | undefined, RegExp]>([
      ['empty', '', 'SHA256SUMS', undefined, /^SHA256SUMS holds no checksum entries$/],
      [
        'only comments',
        '# nothing yet\n\n',
        'checksums.txt',
        undefined,
        /checksums.txt holds no checksum entries/,
      ],
      [
        'prose line',
        `${S256}  a.zip\nnot a checksum  at all\r\n`,
        'SHA256SUMS',
        2,
        /^SHA256SUMS line 2: not a checksum line: "not a checksum {2}at all"$/,
      ],
      [
        'short hex',
        `abc123  a.zip\n${S256}  b.zip`,
        'checksums.txt',
        1,
        /line 1: not a checksum line: "abc123 {2}a.zip"/,
      ],
      [
        'length contradicting the name',
        `${S256}  a.zip\n${S512}  b.zip`,
        'SHA256SUMS',
        2,
        /line 2: the name says SHA-256 \(64 hex digits\) but the digest has 128/,
      ],
      ['length contradicting .sha512', `${S256}\n`, 'a.zip.sha512', 1, /line 1: the name says SHA-512/],
      [
        'unknown length',
        `${'a'.repeat(96)}  a.zip\n${S256}  b.zip`,
        'checksums.txt',
        1,
        /96 hex digits matches no supported algorithm/,
      ],
      [
        'tag with wrong length',
        `SHA512 (a.zip) = ${S256}\n${S256}  b.zip`,
        'checksums.txt',
        1,
        /a SHA-512 digest has 128 hex digits, this one has 64/,
      ],
      [
        'unsupported tag',
        `SHA384 (a.zip) = ${'a'.repeat(96)}\n${S256}  b.zip`,
        'checksums.txt',
        1,
        /SHA384 digests are not supported/,
      ],
      [
        'SHA3 is not SHA-256',
        `SHA3-256(a.zip)= ${S256}\n${S256}  b.zip`,
        'checksums.txt',
        1,
        /SHA3-256 digests are not supported/,
      ],
      [
        'conflicting duplicate',
        `${S256}  a.zip\n${OTHER256}  a.zip`,
        'SHA256SUMS',
        2,
        /line 2: "a.zip" is listed again with a different SHA-256 digest than on line 1/,
      ],
      [
        'parent path',
        `${S256}  ../etc/passwd\n${S256}  b.zip`,
        'SHA256SUMS',
        1,
        /"..\/etc\/passwd" climbs out of the release/,
      ],
      ['parent path in the middle', `${S256}  a/../../b\n${S256}  b.zip`, 'SHA256SUMS', 1, /climbs out/],
      ['Windows parent path', `${S256}  ..\\b\n${S256}  b.zip`, 'SHA256SUMS', 1, /climbs out/],
      [
        'absolute path',
        `${S256}  /home/runner/a.zip\n${S256}  b.zip`,
        'SHA256SUMS',
        1,
        /"\/home\/runner\/a.zip" is an absolute path/,
      ],
      ['drive letter', `${S256} *C:\\build\\a.zip\n${S256}  b.zip`, 'SHA256SUMS', 1, /is an absolute path/],
      ['bad escape', `\\${S256}  a\\tb\n${S256}  b.zip`, 'SHA256SUMS', 1, /unknown escape "\\t"/],
      [
        'standard input in a release manifest',
        `${S256}  -\n${S256}  b.zip`,
        'SHA256SUMS',
        1,
        /a digest without a file name/,
      ],
      [
        'bare digest in a release manifest',
        `${S256}\n${S256}  b.zip`,
        'SHA256SUMS',
        1,
        /a digest without a file name/,
      ],
      [
        'unsupported algorithm in the name',
        `${'a'.repeat(128)}  a.zip`,
        'B2SUMS',
        undefined,
        /B2SUMS names a digest algorithm Postflight cannot check/,
      ],
      [
        'binary content',
        'PK\u0003\u0004\u0000\u0000',
        'checksums.txt',
        undefined,
        /checksums.txt is not a text file/,
      ],
    ])('reports %s', (_title, text, fileName, line, message) => {
      const parsed = parseManifest(text, fileName)

      const problem = parsed.problems.find((candidate) => message.test(candidate.message))
      expect(problem, JSON.stringify(parsed.problems)).toBeDefined()
      expect(problem?.line).toBe(line)
    })

    it('keeps the good entries next to the problems', () => {
      const parsed = parseManifest(`${S256}  a.zip\ngarbage\n${OTHER256}  b.zip`, 'SHA256SUMS')

      expect(parsed.entries.map((entry) => entry.name)).toEqual(['a.zip', 'b.zip'])
      expect(parsed.problems).toHaveLength(1)
    })

    it('keeps the first of two conflicting lines and never the second', () => {
      const parsed = parseManifest(`${S256}  a.zip\n${OTHER256}  a.zip`, 'SHA256SUMS')

      expect(parsed.entries).toEqual([
        { name: 'a.zip', algorithm: 'sha256', digest: S256, line: 1, binaryMode: false },
      ])
    })

    it('summarises a flood of unreadable lines instead of listing each', () => {
      const html = `<html>\n${'<p>not found</p>\n'.repeat(50)}</html>`

      const parsed = parseManifest(html, 'SHA256SUMS')

      expect(parsed.problems).toHaveLength(12)
      expect(parsed.problems.at(-2)?.message).toBe('SHA256SUMS: 42 more lines are not checksum lines either')
      expect(parsed.problems.at(-1)?.message).toBe('SHA256SUMS holds no checksum entries')
    })

    it('shortens a very long unreadable line', () => {
      const parsed = parseManifest(`${'x'.repeat(500)}\n${S256}  a.zip`, 'SHA256SUMS')

      expect(parsed.problems[0]?.message).toBe(
        `SHA256SUMS line 1: not a checksum line: "${'x'.repeat(120)}…"`,
      )
    })
  })
})
