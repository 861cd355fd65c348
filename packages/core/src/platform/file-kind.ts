// What a release file is, from its name alone: the binary in an archive, a bare binary, an
// installer, or one of the files that travel beside them and are never the binary.

export type AssetKind = 'archive' | 'binary' | 'installer' | 'other'

export interface FileKind {
  kind: AssetKind
  /** Normalised format (`tar.gz` for .tgz too, `zip`, `deb`, `exe`); '' for a bare binary with no extension. */
  format: string
  /** The extension as written in the name (`.tgz`), for evidence. */
  extension: string
  /** For `other`: what the file is instead ("a checksum file (.sha256)"). */
  why?: string
}

// Longest first, so `.tar.gz` wins over `.gz`.
const FORMATS: ReadonlyArray<readonly [string, string, AssetKind]> = [
  ['.tar.gz', 'tar.gz', 'archive'],
  ['.tar.xz', 'tar.xz', 'archive'],
  ['.tar.bz2', 'tar.bz2', 'archive'],
  ['.tar.zst', 'tar.zst', 'archive'],
  ['.appimage', 'appimage', 'installer'],
  ['.flatpak', 'flatpak', 'installer'],
  ['.tbz2', 'tar.bz2', 'archive'],
  ['.tzst', 'tar.zst', 'archive'],
  ['.msix', 'msix', 'installer'],
  ['.appx', 'appx', 'installer'],
  ['.snap', 'snap', 'installer'],
  ['.tgz', 'tar.gz', 'archive'],
  ['.txz', 'tar.xz', 'archive'],
  ['.tbz', 'tar.bz2', 'archive'],
  ['.tar', 'tar', 'archive'],
  ['.zip', 'zip', 'archive'],
  ['.bz2', 'bz2', 'archive'],
  ['.zst', 'zst', 'archive'],
  ['.deb', 'deb', 'installer'],
  ['.rpm', 'rpm', 'installer'],
  ['.msi', 'msi', 'installer'],
  ['.pkg', 'pkg', 'installer'],
  ['.dmg', 'dmg', 'installer'],
  ['.apk', 'apk', 'installer'],
  ['.exe', 'exe', 'binary'],
  ['.7z', '7z', 'archive'],
  ['.gz', 'gz', 'archive'],
  ['.xz', 'xz', 'archive'],
]

/** Formats that only exist on one OS, so a name without an OS word still says where it runs. */
export const FORMAT_OS: ReadonlyMap<string, string> = new Map([
  ['deb', 'linux'],
  ['rpm', 'linux'],
  ['apk', 'linux'],
  ['appimage', 'linux'],
  ['snap', 'linux'],
  ['flatpak', 'linux'],
  ['msi', 'win32'],
  ['msix', 'win32'],
  ['appx', 'win32'],
  ['exe', 'win32'],
  ['pkg', 'darwin'],
  ['dmg', 'darwin'],
])

/**
 * A word of a name, as a RegExp source. As the name's first word it counts only when it is the whole
 * stem (`source.tar.gz`, `SHA256SUMS`), because a first word is usually the project: Sourcegraph's
 * CLI ships as `src_linux_amd64`.
 */
function word(alternatives: string): string {
  return `(?:^(?:${alternatives})(?=\\.|$)|[-_.](?:${alternatives})(?=[-_.]|$))`
}

// Matched against the whole lower-cased name, in order: the first that matches says what it is.
// Built on first use: module-level RegExp construction would keep this file in every action bundle.
let neverTheBinary: ReadonlyArray<readonly [RegExp, string]> | undefined
const buildNeverTheBinary = (): ReadonlyArray<readonly [RegExp, string]> => [
  [/\.(sha(1|224|256|384|512)(sum)?|md5(sum)?|b3|blake3|sum|digest)$/, 'a checksum file'],
  [/\.(asc|sig|minisig|pem|crt|cert|sigstore|sigstore\.json|bundle|p7s|gpg|intoto\.jsonl)$/, 'a signature'],
  [/\.(omnibor|provenance|att)$/, 'an attestation'],
  [new RegExp(word('(?:sha\\d+|md5|b2)sums?|shasums\\d*|checksums?')), 'a checksum file'],
  // A file named after an asset plus one more extension (.blockmap, .zsync) describes that asset.
  [
    /\.(tar\.gz|tgz|tar\.xz|tar\.zst|zip|deb|rpm|msi|pkg|dmg|appimage|apk|exe)\.[a-z0-9]+$/,
    'a file about another asset',
  ],
  [/\.(spdx|spdx\.json|cdx|cdx\.json|cdx\.xml|bom\.json|bom\.xml|syft\.json)$/, 'an SBOM'],
  [new RegExp(word('sbom')), 'an SBOM'],
  [/\.dsym(?=[-_.]|$)|\.pdb$|\.debug$/, 'debug symbols'],
  [new RegExp(word('debug|dbg|debuginfo|symbols')), 'debug symbols'],
  [new RegExp(word('src|source|sources|vendor|vendored')), 'source code'],
  [new RegExp(word('docs?|man|manpages?|completions?|licen[cs]es?|readme|changelog')), 'documentation'],
  [/\.(sh|ps1|bat|cmd|bash|zsh|fish)$/, 'a script'],
  [/\.(whl|gem|crate|nupkg|vsix|jar)$/, 'a language package'],
  [new RegExp(word('npm')), 'a language package'],
  [/\.(json|jsonl|ya?ml|xml|toml|txt|md|html|pdf|rb|nix)$/, 'a text or metadata file'],
]

/** Classifies one release file by its name. */
export function fileKind(name: string): FileKind {
  const lower = name.toLowerCase()
  neverTheBinary ??= buildNeverTheBinary()
  for (const [pattern, what] of neverTheBinary) {
    const m = pattern.exec(lower)
    if (m) {
      const evidence = m[0].replace(/^[-_]/, '')
      return { kind: 'other', format: '', extension: '', why: `${what} (${evidence})` }
    }
  }
  for (const [ext, format, kind] of FORMATS) {
    if (!lower.endsWith(ext)) continue
    const extension = name.slice(name.length - ext.length)
    // An .exe named setup/installer installs the program rather than being it.
    if (format === 'exe' && /(^|[-_.])(setup|installer|install)([-_.]|$)/.test(lower))
      return { kind: 'installer', format, extension }
    return { kind, format, extension }
  }
  return { kind: 'binary', format: '', extension: '' }
}

/** Removes the format's extension, leaving the words of the name. */
export function stem(name: string, kind: FileKind): string {
  return kind.extension ? name.slice(0, name.length - kind.extension.length) : name
}
