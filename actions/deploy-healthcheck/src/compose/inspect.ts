/** What we read of `docker inspect` for one container: state, identity and the runtime settings we check. */
export interface ContainerInfo {
  id: string
  name: string
  service: string
  status: string
  running: boolean
  restarting: boolean
  exitCode: number
  /** The container's own HEALTHCHECK status: starting, healthy, unhealthy; undefined without one. */
  health?: string
  /** Its HEALTHCHECK interval (Config.Healthcheck.Interval, in ns there); 30 s, the engines' default, when unset. */
  healthIntervalMs: number
  /** Its HEALTHCHECK timeout (Config.Healthcheck.Timeout); 30 s, the engines' default, when unset. */
  healthTimeoutMs: number
  restartCount: number
  restartPolicy: string
  /** The container's main process as the host sees it; 0 when it is not running. */
  pid: number
  /** podman's conmon, the main process's parent; 0 on Docker (and when not running). */
  conmonPid: number
  user: string
  env: string[]
  privileged: boolean
  capAdd: string[]
  pidMode: string
  networkMode: string
  readOnlyRootfs: boolean
  memoryBytes: number
  nanoCpus: number
  cpuQuota: number
  /** host ports published, as `hostIp:hostPort->containerPort/proto`. */
  published: Array<{ hostIp: string; hostPort: number; containerPort: string }>
}

type Obj = Record<string, unknown>

const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {})
const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

function published(bindings: unknown): ContainerInfo['published'] {
  const out: ContainerInfo['published'] = []
  for (const [containerPort, list] of Object.entries(obj(bindings))) {
    for (const b of Array.isArray(list) ? list : []) {
      const port = Number(str(obj(b).HostPort))
      if (Number.isInteger(port) && port > 0)
        out.push({ hostIp: str(obj(b).HostIp), hostPort: port, containerPort })
    }
  }
  return out
}

/** Reads one element of `docker inspect` (or `podman inspect`) output. */
export function containerInfo(raw: unknown): ContainerInfo {
  const o = obj(raw)
  const state = obj(o.State)
  const host = obj(o.HostConfig)
  const config = obj(o.Config)
  const labels = obj(config.Labels)
  const health = obj(state.Health)
  const info: ContainerInfo = {
    id: str(o.Id),
    name: str(o.Name).replace(/^\//, ''),
    service: str(labels['com.docker.compose.service']) || str(labels['io.podman.compose.service']),
    status: str(state.Status),
    running: state.Running === true,
    restarting: state.Restarting === true,
    exitCode: num(state.ExitCode),
    restartCount: num(o.RestartCount),
    restartPolicy: str(obj(host.RestartPolicy).Name),
    pid: num(state.Pid),
    conmonPid: num(state.ConmonPid),
    user: str(config.User),
    env: Array.isArray(config.Env) ? config.Env.map(String) : [],
    privileged: host.Privileged === true,
    capAdd: Array.isArray(host.CapAdd) ? host.CapAdd.map(String) : [],
    pidMode: str(host.PidMode),
    networkMode: str(host.NetworkMode),
    readOnlyRootfs: host.ReadonlyRootfs === true,
    memoryBytes: num(host.Memory),
    nanoCpus: num(host.NanoCpus),
    cpuQuota: num(host.CpuQuota),
    published: published(host.PortBindings),
    healthIntervalMs: num(obj(config.Healthcheck).Interval) / 1e6 || 30_000,
    healthTimeoutMs: num(obj(config.Healthcheck).Timeout) / 1e6 || 30_000,
  }
  if (str(health.Status)) info.health = str(health.Status)
  return info
}

/** Reads the JSON array `docker inspect` prints. */
export function parseInspect(text: string): ContainerInfo[] {
  const parsed: unknown = JSON.parse(text)
  return (Array.isArray(parsed) ? parsed : []).map(containerInfo)
}
