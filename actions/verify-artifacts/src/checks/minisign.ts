import { readFile } from 'node:fs/promises'
import { describeError, type EngineContext, type SuiteBuilder } from '@postflight/core'
import type { ReleaseFolder } from '../release-folder.ts'
import type { MinisignKey } from '../signature/minisign.ts'

/** `app.tar.gz.minisig` signs `app.tar.gz`. */
export const MINISIG_EXT = '.minisig'

/**
 * Verifies every `.minisig` of the release against the given minisign keys only (one
 * `minisign:<asset>` check each). Returns the names a valid signature covers.
 */
export async function checkMinisign(
  suite: SuiteBuilder,
  folder: ReleaseFolder,
  keys: readonly MinisignKey[] | undefined,
  ctx: EngineContext,
): Promise<Set<string>> {
  const valid = new Set<string>()
  const byName = new Map(folder.files.map((f) => [f.name, f]))
  for (const sig of folder.minisigs) {
    const targetName = sig.name.slice(0, -MINISIG_EXT.length)
    const target = byName.get(targetName)
    const id = suite.uniqueId(`minisign:${targetName}`)
    const title = `${targetName} has a valid minisign signature (${sig.name})`
    if (!target) {
      suite.add({
        id,
        title,
        status: 'fail',
        message: `${sig.name} signs ${targetName}, which is not in the release`,
      })
      continue
    }
    if (!keys?.length) {
      suite.add({
        id,
        title,
        status: 'warn',
        message: `${sig.name} was not verified: no minisign-public-key was given`,
      })
      continue
    }
    await suite.run(id, title, async () => {
      const { parseMinisignSignature, verifyMinisign } = await import('../signature/minisign.ts')
      let parsed: ReturnType<typeof parseMinisignSignature>
      try {
        parsed = parseMinisignSignature(await readFile(sig.path, 'utf8'))
      } catch (err) {
        return { status: 'fail', message: `${sig.name} is not a minisign signature: ${describeError(err)}` }
      }
      const verdict = await verifyMinisign(target.path, parsed, keys, ctx.signal)
      const evidence = {
        signature: sig.name,
        keyId: verdict.keyId,
        prehashed: verdict.prehashed,
        trustedComment: verdict.trustedComment,
      }
      if (!verdict.valid) return { status: 'fail', message: verdict.reason ?? 'does not verify', evidence }
      valid.add(targetName)
      return {
        status: 'pass',
        message: `signed by minisign key ${verdict.keyId} (${verdict.signer}); trusted comment: ${verdict.trustedComment}`,
        evidence,
      }
    })
  }
  return valid
}
