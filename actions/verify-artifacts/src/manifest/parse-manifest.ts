import {
  algorithmFromFileName,
  algorithmFromHexLength,
  algorithmFromTag,
  algorithmLabel,
  hexLength,
} from './algorithm.ts'
import { normalizeName, unescapeName } from './entry-name.ts'
import { type LineSyntax, readLineSyntax } from './line-syntax.ts'
import { perAssetSubject } from './manifest-name.ts'
import type { ManifestAlgorithm, ManifestEntry, ManifestProblem, ParsedManifest } from './types.ts'

// An HTML error page saved as SHA256SUMS would otherwise bury the report under one problem per line.
const MAX_UNREADABLE_LINES = 10
const MAX_SHOWN_LINE = 120

type LineOutcome = { entry: ManifestEntry } | { problem: string }

/**
 * Reads a checksum manifest in any of the common layouts: GNU text/binary mode with escaped names,
 * BSD tags (`SHA256 (name) = hex`, OpenSSL's `SHA2-256(name)= hex`), goreleaser checksums.txt, and
 * one-asset files (`app.tar.gz.sha256`) holding a bare digest. Never throws: whatever cannot be
 * trusted is a problem, and a manifest with problems should fail the check that reads it.
 */
export function parseManifest(text: string, fileName: string): ParsedManifest {
  const entries: ManifestEntry[] = []
  const problems: ManifestProblem[] = []
  const result = { file: fileName, entries, problems }

  if (text.includes('\0')) {
    problems.push({ message: `${fileName} is not a text file, so it cannot be a checksum manifest` })
    return result
  }
  const nameAlgorithm = algorithmFromFileName(fileName)
  if (nameAlgorithm === 'unsupported') {
    problems.push({
      message: `${fileName} names a digest algorithm Postflight cannot check; use SHA-256 or SHA-512 manifests`,
    })
    return { ...result, unsupported: true }
  }

  const firstLineOf = new Map<string, ManifestEntry>()
  let unreadable = 0
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  lines.forEach((raw, index) => {
    const lineNumber = index + 1
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return

    const syntax = readLineSyntax(line)
    if (syntax.kind === 'unknown') {
      unreadable++
      if (unreadable <= MAX_UNREADABLE_LINES) {
        problems.push({
          line: lineNumber,
          message: `${fileName} line ${lineNumber}: not a checksum line: "${shorten(line)}"`,
        })
      }
      return
    }

    const outcome = toEntry(syntax, lineNumber, fileName, nameAlgorithm)
    if ('problem' in outcome) {
      problems.push({ line: lineNumber, message: `${fileName} line ${lineNumber}: ${outcome.problem}` })
      return
    }
    const { entry } = outcome
    const key = `${entry.algorithm}\0${entry.name}`
    const earlier = firstLineOf.get(key)
    if (earlier === undefined) {
      firstLineOf.set(key, entry)
      entries.push(entry)
    } else if (earlier.digest !== entry.digest) {
      problems.push({
        line: lineNumber,
        message: `${fileName} line ${lineNumber}: "${entry.name}" is listed again with a different ${algorithmLabel(entry.algorithm)} digest than on line ${earlier.line}`,
      })
    }
  })

  if (unreadable > MAX_UNREADABLE_LINES) {
    problems.push({
      message: `${fileName}: ${unreadable - MAX_UNREADABLE_LINES} more lines are not checksum lines either`,
    })
  }
  if (entries.length === 0) {
    problems.push({ message: `${fileName} holds no checksum entries` })
  }
  return result
}

function toEntry(
  syntax: Exclude<LineSyntax, { kind: 'unknown' }>,
  line: number,
  fileName: string,
  nameAlgorithm: ManifestAlgorithm | undefined,
): LineOutcome {
  const digest = syntax.hex.toLowerCase()

  let algorithm: ManifestAlgorithm
  if (syntax.kind === 'tagged') {
    const tagged = algorithmFromTag(syntax.tag)
    if (tagged === undefined)
      return { problem: `${syntax.tag} digests are not supported (use SHA-256 or SHA-512)` }
    if (digest.length !== hexLength(tagged)) {
      return {
        problem: `a ${algorithmLabel(tagged)} digest has ${hexLength(tagged)} hex digits, this one has ${digest.length}`,
      }
    }
    algorithm = tagged
  } else {
    const byLength = algorithmFromHexLength(digest.length)
    if (nameAlgorithm !== undefined && byLength !== nameAlgorithm) {
      return {
        problem: `the name says ${algorithmLabel(nameAlgorithm)} (${hexLength(nameAlgorithm)} hex digits) but the digest has ${digest.length}`,
      }
    }
    if (byLength === undefined) {
      return { problem: `a digest of ${digest.length} hex digits matches no supported algorithm` }
    }
    algorithm = byLength
  }

  // `sha256sum < app.tar.gz > app.tar.gz.sha256` names standard input `-`: as good as no name.
  const unnamed = syntax.kind === 'bare' || (syntax.rawName === '-' && !syntax.escaped)
  const name = unnamed ? bareName(fileName) : decodeName(syntax.rawName, syntax.escaped)
  if (!name.ok) return { problem: name.reason }

  const entry: ManifestEntry = { name: name.name, algorithm, digest, line }
  if (syntax.kind === 'plain' && syntax.binaryMode !== undefined) entry.binaryMode = syntax.binaryMode
  return { entry }
}

function decodeName(
  rawName: string,
  escaped: boolean,
): { ok: true; name: string } | { ok: false; reason: string } {
  const decoded = escaped ? unescapeName(rawName) : { ok: true as const, name: rawName }
  return decoded.ok ? normalizeName(decoded.name) : decoded
}

function bareName(fileName: string): { ok: true; name: string } | { ok: false; reason: string } {
  const subject = perAssetSubject(fileName)
  if (subject === undefined) {
    return {
      ok: false,
      reason:
        'a digest without a file name; only a one-asset file such as app.tar.gz.sha256 may leave it out',
    }
  }
  return normalizeName(subject)
}

function shorten(line: string): string {
  return line.length > MAX_SHOWN_LINE ? `${line.slice(0, MAX_SHOWN_LINE)}…` : line
}
