import { readAssetName } from './asset-name.ts'
import { matchAssetPattern } from './asset-pattern.ts'
import { type Fit, fitOf } from './fit.ts'
import { currentPlatform, formatPlatform, type Platform, parsePlatform } from './platform.ts'
import { type AssetPreferences, parsePreferences } from './prefer.ts'
import { compareFits, rankingRules } from './rank.ts'
import { sameBuildOnce } from './same-build.ts'

export interface SelectAssetOptions {
  /** `<os>-<arch>` with Node's names, or a parsed Platform; default this process's platform. */
  platform?: Platform | string
  /** The `prefer` input (words or a list), or parsed preferences. */
  prefer?: AssetPreferences | string | readonly string[]
  /** The `asset` input: a glob or a name template that overrides detection (see matchAssetPattern). */
  asset?: string
  /** The release's tag and version, for `{tag}` and `{version}` in `asset`. */
  tag?: string
  version?: string
}

export type CandidateVerdict = 'chosen' | 'tied' | 'ranked-lower' | 'rejected'

export interface AssetCandidate {
  name: string
  verdict: CandidateVerdict
  /** Why it was chosen, or rejected, or ranked below the chosen one. */
  reasons: string[]
}

/** The outcome of picking a platform's asset: a choice with its evidence, or why there is none. */
export interface AssetSelection {
  platform: string
  outcome: 'chosen' | 'no-match' | 'ambiguous'
  chosen: string | undefined
  /** One line for a check's message. */
  message: string
  /** The chosen asset's evidence: each rule it was ranked on, as a sentence. */
  reasons: string[]
  /** Every name considered, in the order given. */
  candidates: AssetCandidate[]
}

/**
 * Picks the release asset for a platform from the release's file names, and explains the pick:
 * every name gets a verdict and reasons. Never throws for a release that has no fitting asset or two
 * equally good ones (that is a result); throws a BAD_INPUT PostflightError for a bad platform,
 * prefer or asset input.
 */
export function selectAsset(names: readonly string[], options: SelectAssetOptions = {}): AssetSelection {
  const platform =
    options.platform === undefined
      ? currentPlatform()
      : typeof options.platform === 'string'
        ? parsePlatform(options.platform)
        : options.platform
  const prefs =
    options.prefer === undefined || typeof options.prefer === 'string' || Array.isArray(options.prefer)
      ? parsePreferences(options.prefer as string | string[] | undefined)
      : (options.prefer as AssetPreferences)
  const label = formatPlatform(platform)
  const verdicts = new Map<string, AssetCandidate>()
  const set = (name: string, verdict: CandidateVerdict, reasons: string[]) =>
    verdicts.set(name, { name, verdict, reasons })

  let pool = [...new Set(names)]
  if (options.asset !== undefined) {
    const matched = matchAssetPattern(options.asset, pool, {
      platform,
      tag: options.tag,
      version: options.version,
    })
    for (const n of pool)
      if (!matched.names.includes(n)) set(n, 'rejected', [`does not match the asset input ${matched.source}`])
    // The override names the asset: one binary-like match is the choice, whatever its name says.
    const usable = matched.names.filter((n) => readAssetName(n).file.kind !== 'other')
    for (const n of matched.names)
      if (!usable.includes(n)) set(n, 'rejected', [`${readAssetName(n).file.why}, never the binary`])
    if (usable.length === 1) {
      const chosen = usable[0] as string
      set(chosen, 'chosen', [`the only asset matching the asset input ${matched.source}`])
      return finish(
        names,
        verdicts,
        label,
        'chosen',
        chosen,
        `${chosen}: the only asset matching ${matched.source}`,
      )
    }
    if (usable.length === 0) {
      const message = `no asset matches the asset input ${matched.source}: ${names.length} file${names.length === 1 ? '' : 's'} considered`
      return finish(names, verdicts, label, 'no-match', undefined, message)
    }
    pool = usable
  }

  const fits: Fit[] = []
  for (const name of pool) {
    const fit = fitOf(readAssetName(name), platform)
    if (typeof fit === 'string') set(name, 'rejected', [fit])
    else fits.push(fit)
  }

  // One build in several formats (app.tar.gz, app.tar.xz) is one candidate: keep its best format.
  const builds = sameBuildOnce(fits, platform, prefs, (worse, reason) => set(worse, 'ranked-lower', [reason]))

  const rules = rankingRules(platform, prefs, builds)
  const ranked = builds.sort((a, b) => compareFits(rules, a, b).order)
  const best = ranked[0]
  if (!best) {
    const message = `no asset fits ${label}: ${names.length} file${names.length === 1 ? '' : 's'} considered, none built for it`
    return finish(names, verdicts, label, 'no-match', undefined, message)
  }
  const tied = ranked.filter((f) => compareFits(rules, best, f).order === 0)
  const evidence = [
    `for ${platform.os} (${best.os.word})`,
    ...rules.map((r) => `${r.describe(best)}: ${r.why}`),
  ]
  for (const f of ranked.slice(tied.length)) {
    const { rule } = compareFits(rules, best, f)
    if (rule)
      set(f.traits.name, 'ranked-lower', [
        `${rule.describe(f)}, where ${best.traits.name} is ${rule.describe(best)}: ${rule.why}`,
      ])
  }
  if (tied.length > 1) {
    const list = tied.map((f) => f.traits.name)
    for (const f of tied)
      set(f.traits.name, 'tied', [
        `as good as ${list.filter((n) => n !== f.traits.name).join(', ')} on every rule`,
      ])
    const message = `${tied.length} assets fit ${label} equally well: ${list.join(', ')}; name one with the asset input (a glob or a name template)`
    return finish(names, verdicts, label, 'ambiguous', undefined, message)
  }
  set(best.traits.name, 'chosen', evidence)
  return finish(names, verdicts, label, 'chosen', best.traits.name, `${best.traits.name} for ${label}`)
}

function finish(
  names: readonly string[],
  verdicts: Map<string, AssetCandidate>,
  platform: string,
  outcome: AssetSelection['outcome'],
  chosen: string | undefined,
  message: string,
): AssetSelection {
  const candidates = [...new Set(names)].map(
    (n) => verdicts.get(n) ?? { name: n, verdict: 'rejected' as const, reasons: [] },
  )
  return {
    platform,
    outcome,
    chosen,
    message,
    reasons: chosen ? (verdicts.get(chosen)?.reasons ?? []) : [],
    candidates,
  }
}
