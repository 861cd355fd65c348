// apk (Alpine) version ordering, after apk-tools' version.c: numbers separated by dots, an optional
// single letter, suffixes (`_alpha` `_beta` `_pre` `_rc` sort BEFORE the plain release; `_cvs` `_svn`
// `_git` `_hg` `_p` AFTER it), each with an optional number, then `-rN`. Hand-written: there is no
// maintained npm package for it, and the grammar is small.

const PRE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc']
const POST_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p']

type Token =
  | { kind: 'num'; n: bigint }
  | { kind: 'letter'; c: string }
  | { kind: 'suffix'; rank: number; n: bigint }

const SUFFIX_RANK = new Map<string, number>([
  ...PRE_SUFFIXES.map((s, i): [string, number] => [s, i - PRE_SUFFIXES.length]),
  ...POST_SUFFIXES.map((s, i): [string, number] => [s, i + 1]),
])

interface ApkVersion {
  tokens: Token[]
  release: bigint
}

/** Parses an apk version; unknown trailing text is kept as a letter token so ordering stays total. */
export function parseApkVersion(version: string): ApkVersion {
  let rest = version.trim()
  let release = 0n
  const r = /-r(\d+)$/.exec(rest)
  if (r) {
    release = BigInt(r[1] as string)
    rest = rest.slice(0, r.index)
  }
  const tokens: Token[] = []
  const re = /(\d+)|\.|_([a-z]+)(\d*)|([a-z])/gy
  let m: RegExpExecArray | null
  let last = 0
  for (m = re.exec(rest); m !== null && m[0] !== ''; m = re.exec(rest)) {
    last = re.lastIndex
    if (m[1] !== undefined) tokens.push({ kind: 'num', n: BigInt(m[1]) })
    else if (m[2] !== undefined) {
      const rank = SUFFIX_RANK.get(m[2]) ?? 0
      tokens.push({ kind: 'suffix', rank, n: m[3] ? BigInt(m[3]) : 0n })
    } else if (m[4] !== undefined) tokens.push({ kind: 'letter', c: m[4] })
  }
  if (last < rest.length) tokens.push({ kind: 'letter', c: rest.slice(last) })
  return { tokens, release }
}

// The "end of version" sorts after pre-release suffixes and before everything else.
function weight(t: Token | undefined): number {
  if (t === undefined) return 0
  if (t.kind === 'suffix') return t.rank < 0 ? -1 : 1
  return 2
}

function cmp<T>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Compares two Alpine package versions as apk does: negative, zero or positive. */
export function compareApk(a: string, b: string): number {
  const x = parseApkVersion(a)
  const y = parseApkVersion(b)
  const n = Math.max(x.tokens.length, y.tokens.length)
  for (let i = 0; i < n; i++) {
    const s = x.tokens[i]
    const t = y.tokens[i]
    if (s === undefined || t === undefined || s.kind !== t.kind) {
      const diff = weight(s) - weight(t)
      if (diff !== 0) return Math.sign(diff)
      // Both present but of different kinds (e.g. a number against a letter): numbers are higher.
      if (s && t) return s.kind === 'num' ? 1 : t.kind === 'num' ? -1 : cmp(s.kind, t.kind)
      continue
    }
    let c = 0
    if (s.kind === 'num' && t.kind === 'num') c = cmp(s.n, t.n)
    else if (s.kind === 'letter' && t.kind === 'letter') c = cmp(s.c, t.c)
    else if (s.kind === 'suffix' && t.kind === 'suffix') c = cmp(s.rank, t.rank) || cmp(s.n, t.n)
    if (c !== 0) return c
  }
  return cmp(x.release, y.release)
}
