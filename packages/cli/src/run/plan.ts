import { readdir } from 'node:fs/promises'
import { get } from 'node:http'
import { type RawInputs, readAssetName } from '@postflight/core'
import type { SuiteCommand } from '../commands.ts'

/** One leg `postflight run` runs on this machine, or lists as not run with the reason. */
export type LegPlan =
  | { suite: string; label: string; run: true; command: SuiteCommand }
  | { suite: string; label: string; run: false; reason: string }

/** What a planner knows: the suite's layered settings and this machine. */
export interface PlanContext {
  command: SuiteCommand
  /** The suite's inputs from postflight.yml (its section and `defaults`) and the environment. */
  settings: RawInputs
  /** Whether postflight.yml has a section of the suite's own (not only `defaults`). */
  hasSection: boolean
  /** This machine's platform, Node names: linux-x64. */
  here: string
  env: NodeJS.ProcessEnv
}

export type Planner = (ctx: PlanContext) => Promise<LegPlan[]>

const str = (v: RawInputs[string]): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

function ran(ctx: PlanContext, label = ctx.here): LegPlan {
  return { suite: ctx.command.spec.suite, label, run: true, command: ctx.command }
}

function notRun(ctx: PlanContext, reason: string, label = ctx.here): LegPlan {
  return { suite: ctx.command.spec.suite, label, run: false, reason }
}

/** A suite joins `run` when postflight.yml has its section; any suite without a planner of its own. */
export const sectionPlanner: Planner = async (ctx) => [
  ctx.hasSection
    ? ran(ctx)
    : notRun(ctx, `not configured: postflight.yml has no ${ctx.command.spec.suite} section`),
]

const verifyPlanner: Planner = async (ctx) => {
  const s = ctx.settings
  if (str(s.directory) || str(s['artifact-name']) || str(s.repository)) return [ran(ctx)]
  if (str(s.tag))
    return [
      ctx.env.GITHUB_REPOSITORY
        ? ran(ctx)
        : notRun(
            ctx,
            `not configured: tag ${str(s.tag)} needs a repository (or GITHUB_REPOSITORY) to fetch it from`,
          ),
    ]
  return [notRun(ctx, 'not configured: give verify-artifacts a directory, a tag or an artifact-name')]
}

/**
 * Smoke runs for this machine's platform only; every other platform a release folder has an asset
 * for (read from the asset names) is listed as not run: it needs a runner of its own.
 */
const smokePlanner: Planner = async (ctx) => {
  const s = ctx.settings
  const directory = str(s.directory)
  // The sources platform-smoke takes: a folder, a workflow artifact, or a GitHub release at a tag.
  const released = str(s.tag) !== undefined && (str(s.repository) ?? ctx.env.GITHUB_REPOSITORY)
  if (!directory && !str(s['artifact-name']) && !released)
    return [
      notRun(
        ctx,
        'not configured: give platform-smoke (or defaults) a directory, an artifact-name, or a tag with a repository',
      ),
    ]
  const target = str(ctx.settings.platform) ?? ctx.here
  const legs: LegPlan[] = [
    target === ctx.here ? ran(ctx) : notRun(ctx, otherRunner(target, ctx.here), target),
  ]
  // Only a folder says which other platforms the release has; from a release or an artifact, this
  // machine's asset is all that is fetched.
  for (const platform of directory ? await assetPlatforms(directory) : []) {
    if (platform !== target && platform !== ctx.here)
      legs.push(notRun(ctx, otherRunner(platform, ctx.here), platform))
  }
  return legs
}

function otherRunner(platform: string, here: string): string {
  return `not this runner: ${platform} needs a ${platform} machine (this one is ${here}); the reusable workflow runs it there`
}

/** The <os>-<arch> of every asset whose name names exactly one of each; none when the folder is unreadable. */
export async function assetPlatforms(directory: string): Promise<string[]> {
  const names = await readdir(directory).catch(() => [] as string[])
  const found = new Set<string>()
  for (const name of names) {
    const traits = readAssetName(name)
    const [os] = traits.os
    const [arch] = traits.arch
    if (traits.os.length === 1 && traits.arch.length === 1 && os && arch && arch.value !== 'universal')
      found.add(`${os.value}-${arch.value}`)
  }
  return [...found].sort()
}

/**
 * Whether a Docker Engine answers here: its API's /_ping on the local socket (DOCKER_HOST's when it
 * names one) within two seconds. A TCP DOCKER_HOST is trusted as given rather than probed.
 */
export async function dockerReachable(env: NodeJS.ProcessEnv): Promise<boolean> {
  const host = env.DOCKER_HOST
  if (host && !host.startsWith('unix://') && !host.startsWith('npipe://')) return true
  const socketPath = host
    ? host.replace(/^unix:\/\/|^npipe:/, '')
    : process.platform === 'win32'
      ? '//./pipe/docker_engine'
      : '/var/run/docker.sock'
  return new Promise((resolve) => {
    const req = get({ socketPath, path: '/_ping', timeout: 2000 }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', () => resolve(false))
  })
}

/**
 * A compose stack needs a Docker Engine; endpoints alone (a service already running) do not.
 * Without an engine the leg is listed as not run, never attempted and failed.
 */
const deployPlanner: Planner = async (ctx) => {
  const s = ctx.settings
  const has = (key: string): boolean => {
    const v = s[key]
    return Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v !== '' : v === true
  }
  if (has('compose-file'))
    return [
      (await dockerReachable(ctx.env))
        ? ran(ctx)
        : notRun(
            ctx,
            'no Docker Engine here (DOCKER_HOST unset, no docker socket): the compose stack cannot be deployed',
          ),
    ]
  if (has('endpoints') || has('checks') || has('check')) return [ran(ctx)]
  return [notRun(ctx, 'not configured: give deploy-healthcheck a compose-file or endpoints')]
}

/** An image archive scans anywhere; an image in the local Docker daemon needs the daemon. */
const scanPlanner: Planner = async (ctx) => {
  const image = str(ctx.settings.image)
  if (str(ctx.settings.archive)) return [ran(ctx)]
  if (!image) return [notRun(ctx, 'not configured: give container-scan an image or an archive')]
  if (image.startsWith('docker-daemon:') && !(await dockerReachable(ctx.env)))
    return [notRun(ctx, `no Docker Engine here to read ${image} from`)]
  return [ran(ctx)]
}

/** Planners by suite name; a suite not listed here runs when its section is present. */
export const PLANNERS: Record<string, Planner> = {
  'verify-artifacts': verifyPlanner,
  'platform-smoke': smokePlanner,
  'container-scan': scanPlanner,
  'deploy-healthcheck': deployPlanner,
}
