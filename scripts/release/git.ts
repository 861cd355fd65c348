import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const exec = promisify(execFile)

// The release scripts commit as this identity unless the environment names one (GIT_AUTHOR_NAME…),
// so they run the same on a fresh runner with no git config.
const IDENTITY = ['-c', 'user.name=Postflight release', '-c', 'user.email=release@postflight.invalid']

/** Runs git with an argument array (never a shell) in `cwd`; returns stdout without the final newline. */
export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await exec('git', [...IDENTITY, ...args], { cwd, maxBuffer: 16 * 1024 * 1024 })
    return stdout.replace(/\n$/, '')
  } catch (err) {
    const e = err as { stderr?: string; message: string }
    throw new Error(`git ${args.join(' ')} failed: ${(e.stderr ?? '').trim() || e.message}`, { cause: err })
  }
}

/** The tags of a remote, name → the commit they point at (annotated tags peeled). */
export async function remoteTags(cwd: string, remote: string): Promise<Map<string, string>> {
  const tags = new Map<string, string>()
  const out = await git(cwd, ['ls-remote', '--tags', remote])
  for (const line of out.split('\n').filter(Boolean)) {
    const [sha, ref] = line.split('\t') as [string, string]
    const name = ref.replace(/^refs\/tags\//, '')
    // `name^{}` is the commit an annotated tag points at; it wins over the tag object's own id.
    if (name.endsWith('^{}')) tags.set(name.slice(0, -3), sha)
    else if (!tags.has(name)) tags.set(name, sha)
  }
  return tags
}
