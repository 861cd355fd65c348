import { glob, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { describeError, PostflightError } from '@postflight/core'

/**
 * The results files named by `results`: each entry a folder (searched recursively for *.json) or a
 * glob. Files under `exclude` (the report's own output folder) are skipped. Sorted, so the report
 * lists legs in the same order on every run.
 */
export async function findResultsFiles(
  entries: readonly string[],
  exclude: readonly string[] = [],
): Promise<string[]> {
  const found = new Set<string>()
  for (const entry of entries) {
    const info = await stat(entry).catch(() => undefined)
    if (info?.isDirectory()) {
      for (const rel of await readdir(entry, { recursive: true })) {
        if (rel.toLowerCase().endsWith('.json')) found.add(path.resolve(entry, rel))
      }
    } else if (info?.isFile()) {
      found.add(path.resolve(entry))
    } else {
      let matched = 0
      for await (const f of glob(entry)) {
        found.add(path.resolve(f))
        matched++
      }
      if (matched === 0 && !/[*?[{]/.test(entry)) {
        throw new PostflightError('BAD_INPUT', `input 'results': ${entry} does not exist`, {
          field: 'results',
        })
      }
    }
  }
  const skip = exclude.map((d) => path.resolve(d) + path.sep)
  return [...found].filter((f) => !skip.some((d) => f.startsWith(d))).sort()
}

/** What the report needs from the run's artifact store; @actions/artifact's client fits it. */
export interface ArtifactSource {
  listArtifacts(options: { latest: boolean }): Promise<{ artifacts: { id: number; name: string }[] }>
  downloadArtifact(id: number, options: { path: string }): Promise<{ downloadPath?: string }>
}

/**
 * Downloads every `postflight-*` artifact of this run, each into its own folder under `dest`
 * (legs upload files of the same name). `latest` keeps one copy of an artifact uploaded again by a
 * re-run attempt.
 */
export async function downloadResults(source: ArtifactSource, dest: string): Promise<string[]> {
  try {
    return await download(source, dest)
  } catch (err) {
    throw new PostflightError(
      'NETWORK',
      `could not download this run's postflight-* artifacts: ${describeError(err)}. Give 'results' to read files already on disk`,
      { cause: err, field: 'results' },
    )
  }
}

async function download(source: ArtifactSource, dest: string): Promise<string[]> {
  const { artifacts } = await source.listArtifacts({ latest: true })
  const ours = artifacts
    .filter((a) => a.name.startsWith('postflight-'))
    .sort((a, b) => a.name.localeCompare(b.name))
  const dirs: string[] = []
  for (const a of ours) {
    const dir = path.join(dest, a.name.replace(/[^A-Za-z0-9._-]+/g, '_'))
    await source.downloadArtifact(a.id, { path: dir })
    dirs.push(dir)
  }
  return dirs
}
