import type { CheckOutcome } from '@postflight/core'
import { ageRule, healthcheckRule, labelsRule, nonRootRule, portsRule, sizeRule } from './basic-rules.ts'
import type { Level, Policy } from './config.ts'
import { licencesRule } from './licenses.ts'
import { findSecrets } from './secrets.ts'
import type { PolicyInput, RuleResult } from './types.ts'

export { loadPolicy, type Policy, PolicySchema } from './config.ts'
export { findSecrets, type SecretHit } from './secrets.ts'
export type { PolicyInput } from './types.ts'

export interface PolicyCheck {
  rule: string
  title: string
  outcome: CheckOutcome
}

function secretsRule(input: PolicyInput): RuleResult {
  const hits = findSecrets(input.image.config, input.secret)
  if (hits.length === 0) return { ok: true, message: 'no secret found in env, labels or history' }
  return {
    ok: false,
    message: `possible secrets: ${hits.map((h) => `${h.where} ${h.key} (${h.rule})`).join(', ')}`,
    evidence: { hits },
  }
}

function outcome(result: RuleResult, level: Level): CheckOutcome {
  const status = result.ok === 'skip' ? 'skip' : result.ok ? 'pass' : level === 'warn' ? 'warn' : 'fail'
  return { status, message: result.message, ...(result.evidence ? { evidence: result.evidence } : {}) }
}

/** Every rule the policy does not turn off, evaluated on one platform's image. */
export function evaluatePolicy(policy: Policy, input: PolicyInput): PolicyCheck[] {
  const rules: Array<[keyof Policy, string, () => RuleResult]> = [
    ['non-root', 'The image runs as a non-root user', () => nonRootRule(input)],
    ['healthcheck', 'The image declares a HEALTHCHECK', () => healthcheckRule(input)],
    ['ports', 'Exposed ports are allowed', () => portsRule(input, policy.ports)],
    ['secrets', 'No secret in env, labels or history', () => secretsRule(input)],
    ['labels', 'Required OCI labels are set', () => labelsRule(input, policy.labels)],
    ['size', 'The image is within its size budget', () => sizeRule(input, policy.size)],
    ['age', 'The image is recent enough', () => ageRule(input, policy.age)],
    ['licenses', 'Package licences are within policy', () => licencesRule(input.packages, policy.licenses)],
  ]
  const out: PolicyCheck[] = []
  for (const [rule, title, run] of rules) {
    const level = policy[rule].level
    if (level === 'off') continue
    out.push({ rule, title, outcome: outcome(run(), level) })
  }
  return out
}
