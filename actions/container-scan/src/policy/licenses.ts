import parseSpdx, { type SpdxNode } from 'spdx-expression-parse'
import satisfies from 'spdx-satisfies'
import type { InventoryPackage } from '../types.ts'
import type { Policy } from './config.ts'
import type { RuleResult } from './types.ts'

/** The packages's licences as one SPDX expression (several declared licences all apply), or undefined. */
function expressionOf(pkg: InventoryPackage): string | undefined {
  if (pkg.licenses.length === 0) return undefined
  const parts = pkg.licenses.map((l) => (pkg.licenses.length > 1 && /\s/.test(l) ? `(${l})` : l))
  const text = parts.join(' AND ')
  try {
    parseSpdx(text)
    return text
  } catch {
    return undefined
  }
}

function ids(node: SpdxNode): string[] {
  return 'license' in node ? [node.license] : [...ids(node.left), ...ids(node.right)]
}

/**
 * Every inventoried package's licence against the policy: a denied id anywhere in its expression
 * fails it; with an allow list its expression must be satisfiable from the list (an `OR` needs one
 * allowed side). Packages with no licence, or one that is not SPDX, are counted as unknown.
 */
export function licencesRule(packages: InventoryPackage[] | undefined, rule: Policy['licenses']): RuleResult {
  if (!rule.allow && !rule.deny)
    return { ok: 'skip', message: 'no licence allow or deny list set (policy licenses)' }
  if (!packages) return { ok: 'skip', message: 'no inventory to check' }
  const denied: string[] = []
  const notAllowed: string[] = []
  const unknown: string[] = []
  const deny = new Set(rule.deny ?? [])
  for (const pkg of packages) {
    const label = `${pkg.name}@${pkg.version}`
    const expression = expressionOf(pkg)
    if (!expression) {
      unknown.push(`${label}${pkg.licenses.length ? ` (${pkg.licenses.join(', ')})` : ''}`)
      continue
    }
    const found = ids(parseSpdx(expression)).filter((id) => deny.has(id))
    if (found.length > 0) denied.push(`${label} (${found.join(', ')})`)
    else if (rule.allow && !satisfiesSafe(expression, rule.allow)) notAllowed.push(`${label} (${expression})`)
  }
  const problems: string[] = []
  if (denied.length) problems.push(`denied: ${denied.join(', ')}`)
  if (notAllowed.length) problems.push(`not allowed: ${notAllowed.join(', ')}`)
  if (rule['fail-on-unknown'] && unknown.length) problems.push(`unknown licence: ${unknown.join(', ')}`)
  const evidence = { denied, notAllowed, unknown, checked: packages.length }
  if (problems.length) return { ok: false, message: problems.join('; '), evidence }
  return {
    ok: true,
    message: `${packages.length - unknown.length} package(s) within policy${unknown.length ? `, ${unknown.length} without an SPDX licence` : ''}`,
    evidence,
  }
}

function satisfiesSafe(expression: string, allow: string[]): boolean {
  try {
    return satisfies(expression, allow)
  } catch {
    return false
  }
}
