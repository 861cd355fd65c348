import { readdir } from 'node:fs/promises'
import {
  type AssetSelection,
  type CheckOutcome,
  type Platform,
  PostflightError,
  selectAsset,
} from '@postflight/core'
import type { SmokeOptions } from './inputs.ts'

/** The file names of a release folder (its top level: that is where release assets sit). */
export async function listReleaseFolder(directory: string): Promise<string[]> {
  try {
    const entries = await readdir(directory, { withFileTypes: true })
    return entries.filter((e) => e.isFile()).map((e) => e.name)
  } catch (err) {
    throw new PostflightError(
      'NOT_FOUND',
      `input 'directory': cannot read ${directory}: ${(err as Error).message}`,
      {
        cause: err,
        field: 'directory',
      },
    )
  }
}

/**
 * Picks the platform's asset with core's selectAsset and turns its answer into the `select:` check:
 * the reasons are the evidence of a pick; no match or a tie fails, naming every candidate and why.
 */
export function selectCheck(
  names: readonly string[],
  platform: Platform,
  options: SmokeOptions,
  version: string | undefined,
): { selection: AssetSelection; outcome: CheckOutcome } {
  const selection = selectAsset(names, {
    platform,
    ...(options.prefer ? { prefer: options.prefer } : {}),
    ...(options.asset ? { asset: options.asset } : {}),
    ...(options.tag ? { tag: options.tag } : {}),
    ...(version ? { version } : {}),
  })
  const evidence = {
    platform: selection.platform,
    outcome: selection.outcome,
    ...(selection.chosen ? { chosen: selection.chosen, reasons: selection.reasons } : {}),
    candidates: selection.candidates,
  }
  if (selection.outcome === 'chosen')
    return { selection, outcome: { status: 'pass', message: selection.message, evidence } }
  const listed = selection.candidates
    .filter((c) => selection.outcome !== 'ambiguous' || c.verdict === 'tied')
    .slice(0, 10)
    .map((c) => `${c.name} (${c.reasons[0] ?? c.verdict})`)
  const more = selection.candidates.length > listed.length && selection.outcome === 'no-match' ? ', …' : ''
  const looked = options.asset
    ? `the asset input ${options.asset}`
    : `an asset built for ${selection.platform}`
  return {
    selection,
    outcome: {
      status: 'fail',
      message: `${selection.message}; looked for ${looked} among: ${listed.join('; ') || 'no files'}${more}`,
      evidence,
    },
  }
}
