// Publishes one action to its own repository, as the Marketplace lists actions: action.yml at the
// root, the committed bundle in dist/, its README and CHANGELOG. Each release is one commit on the
// repository's branch (history kept, never force-pushed), tagged vX.Y.Z, with the major tag vX
// moved to it so `uses: owner/<action>@v1` follows compatible releases.
//
//   node scripts/release/split-action.ts <action> --remote <url or path> [--version X.Y.Z] [--source-sha SHA]
import { existsSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { git, remoteTags } from './git.ts'

export interface SplitOptions {
  /** The monorepo's root. */
  repoRoot: string
  /** The action's folder name under actions/. */
  action: string
  /** The action's own repository: a URL, or a path (a bare repository in the tests). */
  remote: string
  /** X.Y.Z; default: the version in actions/<action>/package.json. */
  version?: string
  /** The monorepo commit the release is built from, named in the commit message. */
  sourceSha?: string
  branch?: string
}

export interface SplitResult {
  commit: string
  tag: string
  majorTag: string
  files: string[]
}

// What the action's repository holds: what the runner and the Marketplace read, nothing to build.
const FILES = ['action.yml', 'README.md', 'CHANGELOG.md']

export async function splitAction(options: SplitOptions): Promise<SplitResult> {
  const source = path.join(options.repoRoot, 'actions', options.action)
  for (const needed of ['action.yml', 'dist/index.js'])
    if (!existsSync(path.join(source, needed)))
      throw new Error(`actions/${options.action}/${needed} is missing: build the action before splitting it`)
  const manifest = JSON.parse(await readFile(path.join(source, 'package.json'), 'utf8')) as {
    version: string
  }
  const version = options.version ?? manifest.version
  const m = /^(\d+)\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.exec(version)
  if (!m) throw new Error(`version must be X.Y.Z, got '${version}'`)
  const tag = `v${version}`
  // A pre-release never moves the major tag users follow.
  const majorTag = m[2] ? undefined : `v${m[1]}`
  const branch = options.branch ?? 'main'

  const work = await mkdtemp(path.join(os.tmpdir(), `postflight-split-${options.action}-`))
  try {
    const tags = await remoteTags(work, options.remote)
    if (tags.has(tag))
      throw new Error(`${options.action} ${tag} is already released (${tags.get(tag)}): bump the version`)
    const heads = await git(work, ['ls-remote', '--heads', options.remote, branch])
    if (heads) {
      await git(work, ['clone', '--quiet', '--branch', branch, '--single-branch', options.remote, '.'])
      await git(work, ['rm', '-r', '-q', '--ignore-unmatch', '.'])
    } else {
      await git(work, ['init', '-q', '-b', branch])
      await git(work, ['remote', 'add', 'origin', options.remote])
    }
    const files: string[] = []
    for (const name of FILES) {
      if (!existsSync(path.join(source, name))) continue
      await cp(path.join(source, name), path.join(work, name))
      files.push(name)
    }
    await cp(path.join(source, 'dist'), path.join(work, 'dist'), { recursive: true })
    files.push('dist/')
    await git(work, ['add', '-A'])
    const from = options.sourceSha ? `\n\nBuilt from ${options.sourceSha} of the Postflight monorepo.` : ''
    await git(work, ['commit', '-q', '--allow-empty', '-m', `${options.action} ${tag}${from}`])
    const commit = await git(work, ['rev-parse', 'HEAD'])
    await git(work, ['tag', '-a', tag, '-m', `${options.action} ${tag}`])
    await git(work, ['push', '-q', 'origin', `HEAD:refs/heads/${branch}`, `refs/tags/${tag}`])
    if (majorTag) {
      await git(work, ['tag', '-f', majorTag])
      await git(work, ['push', '-q', '--force', 'origin', `refs/tags/${majorTag}`])
    }
    return { commit, tag, majorTag: majorTag ?? '', files }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    options: { remote: { type: 'string' }, version: { type: 'string' }, 'source-sha': { type: 'string' } },
    allowPositionals: true,
  })
  const [action] = positionals
  if (!action || !values.remote) {
    console.error('usage: split-action.ts <action> --remote <url> [--version X.Y.Z] [--source-sha SHA]')
    process.exit(2)
  }
  const result = await splitAction({
    repoRoot: path.resolve(import.meta.dirname, '../..'),
    action,
    remote: values.remote,
    ...(values.version ? { version: values.version } : {}),
    ...(values['source-sha'] ? { sourceSha: values['source-sha'] } : {}),
  })
  console.log(
    `${action} ${result.tag} → ${result.commit}${result.majorTag ? ` (${result.majorTag} moved)` : ''}`,
  )
}
