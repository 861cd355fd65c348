import { readFile } from 'node:fs/promises'
import { PostflightError } from '@postflight/core'
import { parse } from 'yaml'

/** What we read of one service of a compose file, to derive its health checks. */
export interface ServiceModel {
  name: string
  /** Host ports published (`ports:`), with the host IP when one is bound. */
  ports: Array<{ host: string; port: number }>
  /** The service declares a healthcheck that is not disabled. */
  healthcheck: boolean
  networkMode?: string
  /** A `restart:` policy other than "no": a crash comes back as a restart, not an exit. */
  restart?: string
  /** The service starts only with one of these profiles enabled. */
  profiles?: string[]
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

// Short syntax: "8080", "8080:80", "127.0.0.1:8080:80", "8080:80/udp"; long syntax { published, host_ip }.
function publishedPorts(ports: unknown): ServiceModel['ports'] {
  const out: ServiceModel['ports'] = []
  for (const p of Array.isArray(ports) ? ports : []) {
    if (isObj(p)) {
      const port = Number(p.published)
      if (Number.isInteger(port) && port > 0 && p.protocol !== 'udp')
        out.push({ host: typeof p.host_ip === 'string' ? p.host_ip : '', port })
      continue
    }
    const text = String(p)
    if (text.endsWith('/udp')) continue
    const parts = text.replace(/\/tcp$/, '').split(':')
    // A single number publishes the container port on a random host port: nothing to point a check at.
    if (parts.length < 2) continue
    const port = Number(parts[parts.length - 2])
    const host =
      parts.length > 2
        ? parts
            .slice(0, -2)
            .join(':')
            .replace(/^\[|\]$/g, '')
        : ''
    if (Number.isInteger(port) && port > 0) out.push({ host, port })
  }
  return out
}

/**
 * Reads the services of one or more compose files, later files overriding earlier ones service by
 * service as compose merges them (for the fields we read). A missing or unreadable file is a bad input.
 */
export async function readComposeServices(files: string[], field = 'compose-file'): Promise<ServiceModel[]> {
  const services = new Map<string, Obj>()
  for (const file of files) {
    let doc: unknown
    try {
      doc = parse(await readFile(file, 'utf8'))
    } catch (err) {
      throw new PostflightError(
        'BAD_INPUT',
        `input '${field}': cannot read ${file}: ${(err as Error).message}`,
        {
          field,
          cause: err,
        },
      )
    }
    const declared = isObj(doc) && isObj(doc.services) ? doc.services : undefined
    if (!declared)
      throw new PostflightError('BAD_INPUT', `input '${field}': ${file} declares no services`, { field })
    for (const [name, raw] of Object.entries(declared)) {
      services.set(name, { ...(services.get(name) ?? {}), ...(isObj(raw) ? raw : {}) })
    }
  }
  return [...services.entries()].map(([name, s]) => {
    const hc = isObj(s.healthcheck) ? s.healthcheck : undefined
    const model: ServiceModel = {
      name,
      ports: publishedPorts(s.ports),
      healthcheck: hc !== undefined && hc.disable !== true && !isNone(hc.test),
    }
    if (typeof s.network_mode === 'string') model.networkMode = s.network_mode
    if (typeof s.restart === 'string' && s.restart !== 'no') model.restart = s.restart
    if (Array.isArray(s.profiles) && s.profiles.length > 0) model.profiles = s.profiles.map(String)
    return model
  })
}

function isNone(test: unknown): boolean {
  return (Array.isArray(test) && test[0] === 'NONE') || test === 'NONE'
}

/**
 * Health checks for a stack that declares none: every published port must accept a TCP connection,
 * and a service with a healthcheck must report healthy through its container. 0.0.0.0 and ::
 * bindings are reached on localhost. (A service with neither is looked at by the engine: running, or
 * exited 0 for a one-shot job.)
 */
export function derivedChecks(services: ServiceModel[]): Array<Record<string, unknown>> {
  const checks: Array<Record<string, unknown>> = []
  for (const s of services) {
    if (s.healthcheck) checks.push({ kind: 'container', name: s.name, service: s.name })
    for (const p of s.ports) {
      const host = p.host === '' || p.host === '0.0.0.0' || p.host === '::' ? 'localhost' : p.host
      checks.push({ kind: 'tcp', name: `${s.name}-${p.port}`, service: s.name, host, port: p.port })
    }
  }
  return checks
}

/** The services `up` starts: those without profiles, and those with an enabled one (`profiles`, COMPOSE_PROFILES). */
export function activeServices(
  services: ServiceModel[],
  profiles: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): ServiceModel[] {
  const enabled = new Set([...profiles, ...(env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim())])
  if (enabled.has('*')) return services
  return services.filter((s) => !s.profiles || s.profiles.some((p) => enabled.has(p)))
}
