import { isPostflightError, PostflightError, runProcess } from '@postflight/core'

/** The compose implementations we drive, in the order they are detected. */
export const ENGINES = ['docker', 'docker-compose', 'podman', 'podman-compose'] as const
export type EngineName = (typeof ENGINES)[number]

/** How to call one compose implementation: `command prefix… <compose args>`. */
export interface ComposeCli {
  name: EngineName
  command: string
  prefix: string[]
  /** The container CLI beside it, for inspect, logs, exec and stats. */
  containers: 'docker' | 'podman'
  /** Compose v2 (and podman's wrapper of it) print `ps --format json`; v1 and podman-compose do not. */
  jsonPs: boolean
  version: string
}

const CANDIDATES: Record<EngineName, Omit<ComposeCli, 'version'>> = {
  docker: { name: 'docker', command: 'docker', prefix: ['compose'], containers: 'docker', jsonPs: true },
  'docker-compose': {
    name: 'docker-compose',
    command: 'docker-compose',
    prefix: [],
    containers: 'docker',
    jsonPs: false,
  },
  podman: { name: 'podman', command: 'podman', prefix: ['compose'], containers: 'podman', jsonPs: true },
  'podman-compose': {
    name: 'podman-compose',
    command: 'podman-compose',
    prefix: [],
    containers: 'podman',
    jsonPs: false,
  },
}

async function probe(
  candidate: Omit<ComposeCli, 'version'>,
  signal: AbortSignal,
): Promise<string | undefined> {
  try {
    const r = await runProcess(candidate.command, [...candidate.prefix, 'version'], {
      timeoutMs: 15_000,
      signal,
    })
    if (r.exitCode !== 0) return undefined
    return versionLine(r.stdout)
  } catch (err) {
    if (isPostflightError(err, 'PROCESS')) return undefined
    throw err
  }
}

/**
 * The line that names the compose version. podman-compose 1.0.3 first echoes the podman command it
 * runs (`['podman', '--version', '']`), then `using podman version: 4.3.1`, then
 * `podman-composer version  1.0.3`: its own line is the one naming compose; others print one line.
 */
export function versionLine(stdout: string): string {
  const lines = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
  return (lines.find((l) => /compose\w*\s+version/i.test(l)) ?? lines[0] ?? '').replace(/\s+/g, ' ')
}

/**
 * Finds a working compose: the one named by `engine`, or the first of `docker compose` (v2 plugin),
 * `docker-compose` (v1), `podman compose`, `podman-compose` that answers `version`.
 */
export async function detectCompose(engine: EngineName | 'auto', signal: AbortSignal): Promise<ComposeCli> {
  const order = engine === 'auto' ? ENGINES : [engine]
  for (const name of order) {
    const candidate = CANDIDATES[name]
    const version = await probe(candidate, signal)
    if (version !== undefined) return { ...candidate, version }
  }
  const tried = order.map((n) => [CANDIDATES[n].command, ...CANDIDATES[n].prefix].join(' ')).join(', ')
  throw new PostflightError(
    'NOT_FOUND',
    `no compose implementation answered (tried ${tried}); install Docker Compose or Podman, or pass 'endpoints' to check running services only`,
    { field: 'engine' },
  )
}
