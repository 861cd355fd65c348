// What the release workflow runs after the version pull request is merged: every package version
// that has no tag yet is published, each on its own.
//
// - An action (actions/<name>): pushed with its bundle to its own repository (split-action.ts),
//   then tagged here `<name>@vX.Y.Z`, with `<name>@vX` moved to it.
// - The reusable workflow, versioned with the CLI (`postflight`): a release commit whose parent is
//   the released commit, holding validate-release.yml with its action refs pinned to that commit
//   (rewrite-workflow-refs.ts), tagged `vX.Y.Z` with `vX` moved. main keeps the source form.
//
//   node scripts/release/publish.ts --repository owner/postflight --action-remote 'https://github.com/owner/{name}.git'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { git, remoteTags } from './git.ts'
import { rewriteWorkflowRefs } from './rewrite-workflow-refs.ts'
import { splitAction } from './split-action.ts'

export interface PublishOptions {
  /** A clone of the monorepo, at the commit to release, with `remote` to push tags to. */
  repoRoot: string
  /** Where each action's own repository is: `{name}` is replaced by the action's folder name. */
  actionRemote: string
  /** owner/name of the monorepo, as callers write it in `uses:`. */
  repository: string
  remote?: string
}

export interface Published {
  name: string
  tag: string
  commit: string
}

const major = (version: string) => (/^\d+\.\d+\.\d+$/.test(version) ? `v${version.split('.')[0]}` : undefined)

async function version(file: string): Promise<string> {
  return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version
}

/** Publishes every action whose `<name>@v<version>` tag is not on the remote yet. */
export async function publishActions(options: PublishOptions): Promise<Published[]> {
  const remote = options.remote ?? 'origin'
  const head = await git(options.repoRoot, ['rev-parse', 'HEAD'])
  const tags = await remoteTags(options.repoRoot, remote)
  const published: Published[] = []
  const actions = await readdir(path.join(options.repoRoot, 'actions'), { withFileTypes: true })
  for (const dir of actions
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    const v = await version(path.join(options.repoRoot, 'actions', dir, 'package.json'))
    const tag = `${dir}@v${v}`
    if (tags.has(tag)) continue
    const split = await splitAction({
      repoRoot: options.repoRoot,
      action: dir,
      remote: options.actionRemote.replaceAll('{name}', dir),
      version: v,
      sourceSha: head,
    })
    await git(options.repoRoot, [
      'tag',
      '-a',
      tag,
      '-m',
      `${dir} v${v} (${split.commit} in its own repository)`,
    ])
    const refs = [`refs/tags/${tag}`]
    const m = major(v)
    if (m) {
      await git(options.repoRoot, ['tag', '-f', `${dir}@${m}`])
      refs.push(`+refs/tags/${dir}@${m}`)
    }
    await git(options.repoRoot, ['push', '-q', remote, ...refs])
    published.push({ name: dir, tag, commit: split.commit })
  }
  return published
}

/** Publishes the reusable workflow at the CLI's version, unless `v<version>` is on the remote. */
export async function publishWorkflow(options: PublishOptions): Promise<Published | undefined> {
  const remote = options.remote ?? 'origin'
  const v = await version(path.join(options.repoRoot, 'packages/cli/package.json'))
  const tag = `v${v}`
  if ((await remoteTags(options.repoRoot, remote)).has(tag)) return undefined
  const head = await git(options.repoRoot, ['rev-parse', 'HEAD'])
  const file = '.github/workflows/validate-release.yml'
  const pinned = rewriteWorkflowRefs(await readFile(path.join(options.repoRoot, file), 'utf8'), {
    repository: options.repository,
    sha: head,
    tag,
  })
  // The release commit is made in a detached worktree: main and the work tree stay as they are.
  const tree = await mkdtemp(path.join(os.tmpdir(), 'postflight-release-'))
  try {
    await git(options.repoRoot, ['worktree', 'add', '-q', '--detach', tree, head])
    await writeFile(path.join(tree, file), pinned)
    await git(tree, [
      'commit',
      '-q',
      '-m',
      `postflight ${tag}: the reusable workflow pinned to ${head}`,
      '--',
      file,
    ])
    const commit = await git(tree, ['rev-parse', 'HEAD'])
    await git(tree, ['tag', '-a', tag, '-m', `postflight ${tag}`])
    const refs = [`refs/tags/${tag}`]
    const m = major(v)
    if (m) {
      await git(tree, ['tag', '-f', m])
      refs.push(`+refs/tags/${m}`)
    }
    await git(tree, ['push', '-q', remote, ...refs])
    return { name: 'validate-release', tag, commit }
  } finally {
    await git(options.repoRoot, ['worktree', 'remove', '--force', tree]).catch(() => undefined)
    await rm(tree, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      repository: { type: 'string' },
      'action-remote': { type: 'string' },
      remote: { type: 'string' },
    },
  })
  if (!values.repository || !values['action-remote']) {
    console.error(
      "usage: publish.ts --repository owner/postflight --action-remote 'https://github.com/owner/{name}.git'",
    )
    process.exit(2)
  }
  const options: PublishOptions = {
    repoRoot: process.cwd(),
    repository: values.repository,
    actionRemote: values['action-remote'],
    ...(values.remote ? { remote: values.remote } : {}),
  }
  for (const p of await publishActions(options)) console.log(`published ${p.tag} (${p.commit})`)
  const workflow = await publishWorkflow(options)
  console.log(
    workflow ? `published the workflow ${workflow.tag} (${workflow.commit})` : 'the workflow is up to date',
  )
}
