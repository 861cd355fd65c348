import { describe, expect, it } from 'vitest'
import { parseInspect } from '../compose/inspect.ts'

// The fields we read, in the shape `docker inspect` prints them (Docker 20.10 here, 27 on runners).
const inspect = (over: { State?: object; HostConfig?: object; Config?: object; RestartCount?: number }) =>
  JSON.stringify([
    {
      Id: 'c0ffee',
      Name: '/shop_web_1',
      RestartCount: over.RestartCount ?? 0,
      State: { Status: 'running', Running: true, Restarting: false, ExitCode: 0, Pid: 4242, ...over.State },
      HostConfig: {
        NetworkMode: 'default',
        PortBindings: {
          '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
          '53/udp': [{ HostIp: '', HostPort: '' }],
        },
        RestartPolicy: { Name: 'always', MaximumRetryCount: 0 },
        CapAdd: null,
        PidMode: '',
        Privileged: false,
        ReadonlyRootfs: false,
        Memory: 0,
        NanoCpus: 0,
        CpuQuota: 0,
        ...over.HostConfig,
      },
      Config: {
        User: '',
        Env: ['PATH=/bin', 'DB_PASSWORD=s3cret'],
        Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
        ...over.Config,
      },
    },
  ])

describe('parseInspect', () => {
  it('reads identity, state and the runtime settings the security rules need', () => {
    const [c] = parseInspect(inspect({}))
    expect(c).toMatchObject({
      id: 'c0ffee',
      name: 'shop_web_1',
      service: 'web',
      status: 'running',
      running: true,
      restartPolicy: 'always',
      pid: 4242,
      user: '',
      privileged: false,
      capAdd: [],
      published: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: '80/tcp' }],
    })
    expect(c?.health).toBeUndefined()
  })

  it('reads the HEALTHCHECK interval (ns in inspect), 30 s when the image sets none', () => {
    expect(
      parseInspect(inspect({ Config: { Healthcheck: { Interval: 1_000_000_000 } } }))[0]?.healthIntervalMs,
    ).toBe(1000)
    expect(parseInspect(inspect({}))[0]?.healthIntervalMs).toBe(30_000)
  })

  it('reads the HEALTHCHECK timeout (ns in inspect), 30 s when the image sets none', () => {
    expect(
      parseInspect(inspect({ Config: { Healthcheck: { Timeout: 2_500_000_000 } } }))[0]?.healthTimeoutMs,
    ).toBe(2500)
    expect(parseInspect(inspect({}))[0]?.healthTimeoutMs).toBe(30_000)
  })

  it('reads a crash loop, a HEALTHCHECK and a privileged container', () => {
    const [c] = parseInspect(
      inspect({
        RestartCount: 4,
        State: {
          Status: 'restarting',
          Running: true,
          Restarting: true,
          ExitCode: 3,
          Health: { Status: 'unhealthy' },
        },
        HostConfig: {
          Privileged: true,
          CapAdd: ['SYS_ADMIN'],
          PidMode: 'host',
          NetworkMode: 'host',
          Memory: 67108864,
        },
      }),
    )
    expect(c).toMatchObject({
      restarting: true,
      restartCount: 4,
      exitCode: 3,
      health: 'unhealthy',
      privileged: true,
      capAdd: ['SYS_ADMIN'],
      pidMode: 'host',
      networkMode: 'host',
      memoryBytes: 67108864,
    })
  })
})
