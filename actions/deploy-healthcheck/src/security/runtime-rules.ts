import type { CheckInput, CheckStatus, Severity } from '@postflight/core'
import type { ContainerInfo } from '../compose/inspect.ts'
import { isSecretName } from './secret-names.ts'

export interface SecurityPolicy {
  /** Host ports a service may publish; undefined: any. */
  allowedPorts?: number[] | undefined
  /** `network_mode: host` is a pass instead of a warning (test stacks and some proxies need it). */
  allowHostNetwork: boolean
}

interface Finding {
  rule: string
  title: string
  status: CheckStatus
  severity?: Severity
  message: string
  evidence?: Record<string, unknown>
}

// Capabilities that give a container a way out to the host; others added are a warning.
const ESCAPE_CAPS = new Set([
  'ALL',
  'SYS_ADMIN',
  'SYS_MODULE',
  'SYS_PTRACE',
  'SYS_RAWIO',
  'DAC_READ_SEARCH',
  'NET_ADMIN',
  'BPF',
])

function isRoot(user: string): boolean {
  const name = user.split(':')[0] ?? ''
  return name === '' || name === 'root' || name === '0'
}

const pass = (rule: string, title: string, message: string): Finding => ({
  rule,
  title,
  status: 'pass',
  message,
})

function findings(c: ContainerInfo, policy: SecurityPolicy): Finding[] {
  const out: Finding[] = []
  out.push(
    isRoot(c.user)
      ? {
          rule: 'non-root',
          title: 'Runs as a non-root user',
          status: 'warn',
          severity: 'medium',
          message: `${c.name} runs as root (user ${JSON.stringify(c.user || '(image default: root)')}); set user: in the compose file or USER in the image`,
        }
      : pass('non-root', 'Runs as a non-root user', `${c.name} runs as ${c.user}`),
  )
  out.push(
    c.privileged
      ? {
          rule: 'privileged',
          title: 'Is not privileged',
          status: 'fail',
          severity: 'high',
          message: `${c.name} runs privileged: it has every capability and the host's devices`,
        }
      : pass('privileged', 'Is not privileged', `${c.name} is not privileged`),
  )
  const escaping = c.capAdd.filter((cap) => ESCAPE_CAPS.has(cap.replace(/^CAP_/, '').toUpperCase()))
  out.push(
    c.capAdd.length === 0
      ? pass('capabilities', 'Adds no capabilities', `${c.name} adds no capabilities`)
      : {
          rule: 'capabilities',
          title: 'Adds no capabilities',
          status: escaping.length > 0 ? 'fail' : 'warn',
          severity: escaping.length > 0 ? 'high' : 'low',
          message: `${c.name} adds ${c.capAdd.join(', ')}${escaping.length > 0 ? ` (${escaping.join(', ')} can reach the host)` : ''}`,
          evidence: { capAdd: c.capAdd },
        },
  )
  out.push(
    c.pidMode === 'host'
      ? {
          rule: 'host-pid',
          title: "Does not share the host's PID namespace",
          status: 'fail',
          severity: 'high',
          message: `${c.name} sees and can signal every process of the host (pid: host)`,
        }
      : pass('host-pid', "Does not share the host's PID namespace", `${c.name} has its own PID namespace`),
  )
  if (c.networkMode === 'host') {
    out.push(
      policy.allowHostNetwork
        ? pass(
            'host-network',
            "Does not share the host's network",
            `${c.name} uses the host network, allowed by allow-host-network`,
          )
        : {
            rule: 'host-network',
            title: "Does not share the host's network",
            status: 'warn',
            severity: 'medium',
            message: `${c.name} uses the host network (network_mode: host); set allow-host-network: true if intended`,
          },
    )
  } else
    out.push(
      pass(
        'host-network',
        "Does not share the host's network",
        `${c.name} has its own network (${c.networkMode || 'default'})`,
      ),
    )
  out.push(portsFinding(c, policy))
  const limits = [
    c.memoryBytes > 0 ? `memory ${c.memoryBytes} bytes` : '',
    c.nanoCpus > 0 || c.cpuQuota > 0 ? 'CPU' : '',
  ].filter(Boolean)
  out.push(
    limits.length === 2
      ? pass('limits', 'Has memory and CPU limits', `${c.name} is limited: ${limits.join(', ')}`)
      : {
          rule: 'limits',
          title: 'Has memory and CPU limits',
          status: 'warn',
          severity: 'low',
          message: `${c.name} has no ${[c.memoryBytes > 0 ? '' : 'memory', c.nanoCpus > 0 || c.cpuQuota > 0 ? '' : 'CPU'].filter(Boolean).join(' or ')} limit (mem_limit / cpus, or deploy.resources.limits)`,
        },
  )
  out.push(
    c.readOnlyRootfs
      ? pass(
          'read-only-rootfs',
          'Has a read-only root filesystem',
          `${c.name} has a read-only root filesystem`,
        )
      : {
          rule: 'read-only-rootfs',
          title: 'Has a read-only root filesystem',
          status: 'warn',
          severity: 'low',
          message: `${c.name} can write its root filesystem; set read_only: true (with tmpfs for what it writes)`,
        },
  )
  // Names only: a value never reaches the report.
  const secretNames = c.env.map((e) => e.split('=')[0] ?? '').filter((n) => n !== '' && isSecretName(n))
  out.push(
    secretNames.length > 0
      ? {
          rule: 'secrets-env',
          title: 'Keeps no secrets in its environment',
          status: 'warn',
          severity: 'medium',
          message: `${c.name} has secret-looking variables in its environment: ${secretNames.join(', ')} (use secrets: files instead; values not shown)`,
          evidence: { names: secretNames },
        }
      : pass(
          'secrets-env',
          'Keeps no secrets in its environment',
          `${c.name} has no secret-looking variable in its environment`,
        ),
  )
  return out
}

/**
 * The runtime security checks of the running containers, from inspect: one check per rule and
 * service (`security:<rule>:<service>`), passes included, so the report shows what was verified.
 */
export function securityChecks(containers: ContainerInfo[], policy: SecurityPolicy): CheckInput[] {
  const seen = new Set<string>()
  const out: CheckInput[] = []
  for (const c of containers) {
    const who = c.service || c.name
    // One replica speaks for its service (they share the configuration); others would repeat it.
    if (seen.has(who)) continue
    seen.add(who)
    for (const f of findings(c, policy)) {
      out.push({
        id: `security:${f.rule}:${who}`,
        title: `${who}: ${f.title}`,
        status: f.status,
        ...(f.severity ? { severity: f.severity } : {}),
        message: f.message,
        ...(f.evidence ? { evidence: f.evidence } : {}),
      })
    }
  }
  return out
}

// On the host network nothing is published: whatever the container listens on is a host port, so
// allowed-ports cannot be checked from inspect — said as a warning rather than passed.
function portsFinding(c: ContainerInfo, policy: SecurityPolicy): Finding {
  const title = 'Publishes only allowed ports'
  const allowed = policy.allowedPorts
  if (c.networkMode === 'host') {
    return allowed
      ? {
          rule: 'ports',
          title,
          status: 'warn',
          severity: 'low',
          message: `${c.name} uses the host network: any port it listens on is a host port, which inspect cannot compare with allowed-ports`,
        }
      : pass('ports', title, `${c.name} uses the host network and publishes nothing (no allowed-ports given)`)
  }
  const ports = [...new Set(c.published.map((p) => p.hostPort))]
  const unexpected = allowed ? ports.filter((p) => !allowed.includes(p)) : []
  if (unexpected.length > 0) {
    return {
      rule: 'ports',
      title,
      status: 'fail',
      severity: 'medium',
      message: `${c.name} publishes ${unexpected.join(', ')}, not in allowed-ports (${allowed?.join(', ')})`,
      evidence: { published: ports },
    }
  }
  return pass(
    'ports',
    title,
    ports.length === 0
      ? `${c.name} publishes no port`
      : `${c.name} publishes ${ports.join(', ')}${allowed ? ', all allowed' : ''}`,
  )
}
