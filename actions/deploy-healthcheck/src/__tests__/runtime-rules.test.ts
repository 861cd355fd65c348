import { describe, expect, it } from 'vitest'
import type { ContainerInfo } from '../compose/inspect.ts'
import { securityChecks } from '../security/runtime-rules.ts'

const base: ContainerInfo = {
  id: 'c0ffee',
  name: 'shop_web_1',
  service: 'web',
  status: 'running',
  running: true,
  restarting: false,
  exitCode: 0,
  restartCount: 0,
  restartPolicy: 'no',
  pid: 4242,
  conmonPid: 0,
  user: '1000:1000',
  env: ['PATH=/bin'],
  privileged: false,
  capAdd: [],
  pidMode: '',
  networkMode: 'shop_default',
  readOnlyRootfs: true,
  memoryBytes: 64 * 1024 ** 2,
  nanoCpus: 500_000_000,
  cpuQuota: 0,
  published: [{ hostIp: '', hostPort: 8080, containerPort: '80/tcp' }],
  healthIntervalMs: 30_000,
  healthTimeoutMs: 30_000,
}

const statusOf = (c: Partial<ContainerInfo>, policy = { allowHostNetwork: false }) =>
  Object.fromEntries(securityChecks([{ ...base, ...c }], policy).map((x) => [x.id, x.status]))

describe('securityChecks', () => {
  it('passes every rule for a locked-down container, one check per rule and service', () => {
    expect(statusOf({})).toEqual({
      'security:non-root:web': 'pass',
      'security:privileged:web': 'pass',
      'security:capabilities:web': 'pass',
      'security:host-pid:web': 'pass',
      'security:host-network:web': 'pass',
      'security:ports:web': 'pass',
      'security:limits:web': 'pass',
      'security:read-only-rootfs:web': 'pass',
      'security:secrets-env:web': 'pass',
    })
  })

  it.each([
    [{ privileged: true }, 'security:privileged:web', 'fail'],
    [{ user: '' }, 'security:non-root:web', 'warn'],
    [{ user: '0:0' }, 'security:non-root:web', 'warn'],
    [{ capAdd: ['NET_BIND_SERVICE'] }, 'security:capabilities:web', 'warn'],
    [{ capAdd: ['CAP_SYS_ADMIN'] }, 'security:capabilities:web', 'fail'],
    [{ pidMode: 'host' }, 'security:host-pid:web', 'fail'],
    [{ networkMode: 'host' }, 'security:host-network:web', 'warn'],
    [{ memoryBytes: 0 }, 'security:limits:web', 'warn'],
    [{ readOnlyRootfs: false }, 'security:read-only-rootfs:web', 'warn'],
  ] as Array<[Partial<ContainerInfo>, string, string]>)('%j makes %s %s', (change, id, status) => {
    expect(statusOf(change)[id]).toBe(status)
  })

  it('lets allow-host-network pass the host network', () => {
    expect(statusOf({ networkMode: 'host' }, { allowHostNetwork: true })['security:host-network:web']).toBe(
      'pass',
    )
  })

  it('fails a published port outside allowed-ports', () => {
    const checks = securityChecks([base], { allowHostNetwork: false, allowedPorts: [443] })
    expect(checks.find((c) => c.id === 'security:ports:web')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('8080'),
    })
    expect(securityChecks([base], { allowHostNetwork: false, allowedPorts: [8080] })[5]?.status).toBe('pass')
  })

  it('cannot compare a host-network container with allowed-ports, and says so', () => {
    const host = { ...base, networkMode: 'host', published: [] }
    const checks = securityChecks([host], { allowHostNetwork: true, allowedPorts: [8080] })
    expect(checks.find((c) => c.id === 'security:ports:web')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('host network'),
    })
    expect(
      securityChecks([host], { allowHostNetwork: true }).find((c) => c.id === 'security:ports:web')?.status,
    ).toBe('pass')
  })

  it('names secret-looking variables and never shows their values', () => {
    const checks = securityChecks(
      [{ ...base, env: ['DB_PASSWORD=s3cret-value', 'GITHUB_TOKEN=ghp_x', 'MODE=prod'] }],
      {
        allowHostNetwork: false,
      },
    )
    const secrets = checks.find((c) => c.id === 'security:secrets-env:web')
    expect(secrets).toMatchObject({ status: 'warn', evidence: { names: ['DB_PASSWORD', 'GITHUB_TOKEN'] } })
    expect(JSON.stringify(checks)).not.toMatch(/s3cret-value|ghp_x/)
  })

  it('checks one replica per service', () => {
    const checks = securityChecks([base, { ...base, id: 'b', name: 'shop_web_2' }], {
      allowHostNetwork: false,
    })
    expect(checks).toHaveLength(9)
  })
})
