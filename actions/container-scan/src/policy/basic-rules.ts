import type { Policy } from './config.ts'
import type { PolicyInput, RuleResult } from './types.ts'

/** A user of root (name or uid 0, with or without a group) or none at all runs as root. */
export function nonRootRule({ image }: PolicyInput): RuleResult {
  const user = image.config.config?.User?.trim() ?? ''
  const name = user.split(':')[0] ?? ''
  if (name === '' || name === 'root' || name === '0') {
    return {
      ok: false,
      message: user ? `the image runs as ${user}` : 'the image sets no USER: it runs as root',
      evidence: { user },
    }
  }
  return { ok: true, message: `runs as ${user}`, evidence: { user } }
}

export function healthcheckRule({ image }: PolicyInput): RuleResult {
  const test = image.config.config?.Healthcheck?.Test
  if (!test || test.length === 0 || test[0] === 'NONE') {
    return {
      ok: false,
      message: test?.[0] === 'NONE' ? 'HEALTHCHECK NONE turns it off' : 'no HEALTHCHECK in the image config',
    }
  }
  return { ok: true, message: `HEALTHCHECK ${test.slice(1).join(' ')}`.trim() }
}

function portAllowed(port: string, allow: ReadonlyArray<string | number>): boolean {
  const [num = '', proto = 'tcp'] = port.split('/')
  const n = Number(num)
  return allow.some((entry) => {
    const [range = '', allowedProto] = String(entry).split('/')
    if (allowedProto && allowedProto !== proto) return false
    const [lo, hi = lo] = range.split('-').map(Number)
    return lo !== undefined && hi !== undefined && n >= lo && n <= hi
  })
}

export function portsRule({ image }: PolicyInput, rule: Policy['ports']): RuleResult {
  const exposed = Object.keys(image.config.config?.ExposedPorts ?? {}).sort()
  if (!rule.allow)
    return {
      ok: 'skip',
      message: `no allowed ports set (policy ports.allow); exposed: ${exposed.join(', ') || 'none'}`,
    }
  const outside = exposed.filter((p) => !portAllowed(p, rule.allow ?? []))
  if (outside.length > 0) {
    return {
      ok: false,
      message: `exposes ${outside.join(', ')}, outside ${rule.allow.join(', ')}`,
      evidence: { exposed, outside },
    }
  }
  return {
    ok: true,
    message: exposed.length ? `exposes ${exposed.join(', ')}` : 'exposes no port',
    evidence: { exposed },
  }
}

export function labelsRule({ image, version, tag }: PolicyInput, rule: Policy['labels']): RuleResult {
  const labels = image.config.config?.Labels ?? {}
  const missing = rule.required.filter((l) => !labels[l])
  const problems = missing.map((l) => `label ${l} is missing`)
  const declared = labels['org.opencontainers.image.version']
  if (rule['version-matches-tag'] && (version || tag)) {
    if (!declared)
      problems.push(`label org.opencontainers.image.version is missing (the tag is ${tag ?? version})`)
    else if (declared !== version && declared !== tag && declared.replace(/^v/, '') !== version) {
      problems.push(`org.opencontainers.image.version is ${declared}, the release is ${version ?? tag}`)
    }
  }
  if (problems.length > 0) return { ok: false, message: problems.join('; '), evidence: { missing } }
  return {
    ok: true,
    message: `labels present: ${[...rule.required, ...(declared ? ['org.opencontainers.image.version'] : [])].join(', ')}`,
  }
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`
}

/** The image's size as pulled: its layers as stored (compressed) plus its config. */
export function imageSize(input: PolicyInput): number {
  return input.image.layers.reduce((sum, l) => sum + l.size, 0)
}

export function sizeRule(input: PolicyInput, rule: Policy['size']): RuleResult {
  const size = imageSize(input)
  if (rule.max === undefined)
    return { ok: 'skip', message: `no size budget set (policy size.max); the image is ${formatBytes(size)}` }
  const evidence = { bytes: size, budget: rule.max }
  if (size > rule.max)
    return {
      ok: false,
      message: `${formatBytes(size)} is over the budget of ${formatBytes(rule.max)}`,
      evidence,
    }
  return { ok: true, message: `${formatBytes(size)} within ${formatBytes(rule.max)}`, evidence }
}

/**
 * The image's age: config `created`, else the org.opencontainers.image.created label. An image
 * rebuilt from an old base keeps a fresh `created`, so this bounds how stale a published image is.
 */
export function ageRule({ image, now }: PolicyInput, rule: Policy['age']): RuleResult {
  const created = image.config.created ?? image.config.config?.Labels?.['org.opencontainers.image.created']
  if (rule.max === undefined)
    return { ok: 'skip', message: `no maximum age set (policy age.max); created ${created ?? 'unknown'}` }
  const when = created ? Date.parse(created) : Number.NaN
  if (Number.isNaN(when)) return { ok: false, message: 'the image records no creation time' }
  const days = (now.getTime() - when) / 86_400_000
  const evidence = { created, ageDays: Math.floor(days) }
  if (now.getTime() - when > rule.max) {
    return {
      ok: false,
      message: `created ${created}, ${Math.floor(days)} days ago, older than ${rule.max / 86_400_000} days`,
      evidence,
    }
  }
  return { ok: true, message: `created ${created} (${Math.floor(days)} days ago)`, evidence }
}
