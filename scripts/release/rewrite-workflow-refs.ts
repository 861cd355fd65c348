// The reusable workflow refers to the Postflight actions as `./actions/<name>` on main, so the
// project's CI runs it against the actions of the same commit. A caller in another repository
// cannot resolve those (they would name folders of the caller's checkout), so the release commit
// that the v* tags point at carries this rewrite: every `./actions/<name>` becomes
// `<repository>/actions/<name>@<sha> # <tag>`, the actions of exactly the released commit.
//
//   node scripts/release/rewrite-workflow-refs.ts --repository owner/postflight --sha <40 hex> --tag v1.2.3 [file…]
import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'

export interface Pin {
  /** owner/name of the repository the actions are published from. */
  repository: string
  /** The full commit SHA the actions are taken at (a tag or branch could move). */
  sha: string
  /** The release tag, written as a comment beside the SHA for readers. */
  tag: string
}

const LOCAL_ACTION = /^(\s*(?:-\s+)?uses:\s*)["']?\.\/actions\/([a-z0-9-]+)["']?\s*$/
const ANY_LOCAL = /^\s*(?:-\s+)?uses:\s*["']?\.\//

/** Returns the workflow text with every local action ref pinned; throws on a ref it cannot pin. */
export function rewriteWorkflowRefs(text: string, pin: Pin): string {
  if (!/^[\w.-]+\/[\w.-]+$/.test(pin.repository))
    throw new Error(`repository must be owner/name, got '${pin.repository}'`)
  if (!/^[0-9a-f]{40}$/.test(pin.sha))
    throw new Error(`sha must be a full commit SHA (40 hex), got '${pin.sha}'`)
  if (!/^v\d+\.\d+\.\d+(-[\w.]+)?$/.test(pin.tag)) throw new Error(`tag must be vX.Y.Z, got '${pin.tag}'`)
  let count = 0
  const lines = text.split('\n').map((line, i) => {
    const m = LOCAL_ACTION.exec(line)
    if (m) {
      count++
      return `${m[1]}${pin.repository}/actions/${m[2]}@${pin.sha} # ${pin.tag}`
    }
    if (ANY_LOCAL.test(line))
      throw new Error(
        `line ${i + 1}: '${line.trim()}' is local to this repository and is not an action to pin`,
      )
    return line
  })
  if (count === 0) throw new Error('no ./actions/<name> ref to pin: is this the source form of the workflow?')
  return lines.join('\n')
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    options: { repository: { type: 'string' }, sha: { type: 'string' }, tag: { type: 'string' } },
    allowPositionals: true,
  })
  const pin = { repository: values.repository ?? '', sha: values.sha ?? '', tag: values.tag ?? '' }
  const files = positionals.length > 0 ? positionals : ['.github/workflows/validate-release.yml']
  for (const file of files) {
    await writeFile(file, rewriteWorkflowRefs(await readFile(file, 'utf8'), pin))
    console.log(`pinned the actions of ${file} to ${pin.repository}@${pin.sha} (${pin.tag})`)
  }
}
