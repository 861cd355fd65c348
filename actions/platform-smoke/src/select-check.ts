import { type AssetSelection, type CheckOutcome, type Platform, selectAsset } from '@postflight/core'
import type { SmokeOptions } from './inputs.ts'

/**
 * Picks the platform's asset with core's selectAsset and turns its answer into the `select:` check:
 * the reasons are the evidence of a pick; no match or a tie fails, naming every candidate and why.
 */
export function selectCheck(
  names: readonly string[],
  platform: Platform,
  options: SmokeOptions,
  version: string | undefined,
  tag: string | undefined = options.tag,
): { selection: AssetSelection; outcome: CheckOutcome } {
  const selection = selectAsset(names, {
    platform,
    ...(options.prefer ? { prefer: options.prefer } : {}),
    ...(options.asset ? { asset: options.asset } : {}),
    ...(tag ? { tag } : {}),
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
